import { describe, expect, it } from "vitest";
import { formOptions, tierForOption } from "../../src/intake/form-options.js";
import { configFrom, exampleConfig, exampleRaw } from "./support.js";

function withTiers(tiers: unknown[], customEnabled = true) {
  const raw = exampleRaw();
  raw.quota = { tiers, custom: { enabled: customEnabled } };
  return configFrom(raw);
}

describe("tierForOption", () => {
  const config = exampleConfig();

  it("maps whole option texts, never substrings: Small is not X-Small", () => {
    expect(tierForOption(config, "Small")).toBe("small");
    expect(tierForOption(config, "X-Small")).toBe("x-small");
    expect(tierForOption(config, "Custom")).toBe("custom");
  });

  it("accepts a different case and a tier name typed by hand", () => {
    expect(tierForOption(config, "x-SMALL")).toBe("x-small");
    expect(tierForOption(config, " medium ")).toBe("medium");
  });

  it("matches nothing for partial or unknown answers", () => {
    expect(tierForOption(config, "Smal")).toBeUndefined();
    expect(tierForOption(config, "X-Small, Small")).toBeUndefined();
    expect(tierForOption(config, "Huge")).toBeUndefined();
  });

  it("caches the options per configuration object", () => {
    expect(formOptions(config)).toBe(formOptions(config));
  });
});

describe("formOptions", () => {
  it("names the tier when two labels are equal, so each option maps back to one tier", () => {
    const config = withTiers([
      { name: "a", label: "Standard" },
      { name: "b", label: "standard" },
      { name: "c", label: "Gold" },
    ]);
    const options = formOptions(config).tiers.map((t) => t.option);
    expect(options).toEqual(["Standard (a)", "standard (b)", "Gold", "Custom"]);
    expect(tierForOption(config, "standard (b)")).toBe("b");
  });

  it("refuses option texts the form or parser reserve (Custom, None)", () => {
    const config = withTiers([
      { name: "custom-ish", label: "Custom" },
      { name: "zero", label: "None" },
    ]);
    const options = formOptions(config).tiers.map((t) => t.option);
    expect(options).toEqual(["Custom (custom-ish)", "None (zero)", "Custom"]);
    expect(tierForOption(config, "Custom")).toBe("custom");
    expect(tierForOption(config, "Custom (custom-ish)")).toBe("custom-ish");
  });

  it("leaves out the Custom option when custom quotas are disabled", () => {
    const config = withTiers([{ name: "small" }], false);
    expect(formOptions(config).tiers).toEqual([{ option: "small", tier: "small" }]);
    expect(tierForOption(config, "Custom")).toBeUndefined();
  });
});
