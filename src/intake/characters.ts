/**
 * Detection of characters that make a value look different from what it is: invisible characters, bidirectional
 * controls and non-ASCII look-alikes. Such values are refused with an explanation, never silently cleaned: a
 * cleaned look-alike could collide with, or impersonate, an existing name.
 */

const CHARACTER_NAMES: ReadonlyMap<number, string> = new Map([
  [0x200b, "ZERO WIDTH SPACE"],
  [0x200c, "ZERO WIDTH NON-JOINER"],
  [0x200d, "ZERO WIDTH JOINER"],
  [0x200e, "LEFT-TO-RIGHT MARK"],
  [0x200f, "RIGHT-TO-LEFT MARK"],
  [0x202a, "LEFT-TO-RIGHT EMBEDDING"],
  [0x202b, "RIGHT-TO-LEFT EMBEDDING"],
  [0x202c, "POP DIRECTIONAL FORMATTING"],
  [0x202d, "LEFT-TO-RIGHT OVERRIDE"],
  [0x202e, "RIGHT-TO-LEFT OVERRIDE"],
  [0x2066, "LEFT-TO-RIGHT ISOLATE"],
  [0x2067, "RIGHT-TO-LEFT ISOLATE"],
  [0x2068, "FIRST STRONG ISOLATE"],
  [0x2069, "POP DIRECTIONAL ISOLATE"],
  [0xfeff, "ZERO WIDTH NO-BREAK SPACE"],
  [0x00a0, "NO-BREAK SPACE"],
  [0x00ad, "SOFT HYPHEN"],
  [0x2060, "WORD JOINER"],
]);

/** Zero-width characters, bidirectional controls and the byte order mark. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u;
/** Bidirectional embedding, override and isolate controls ("Trojan Source"). */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
/** Anything outside printable ASCII. */
const NON_ASCII = /[^\u0020-\u007e]/u;

/** `U+202E (RIGHT-TO-LEFT OVERRIDE)` or `'а' (U+0430)` for a visible character. */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = CHARACTER_NAMES.get(code);
  if (name !== undefined) return `${hex} (${name})`;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return `${hex} (a control character)`;
  return `'${char}' (${hex})`;
}

/**
 * Why a name (team, namespace, login, cluster, tier) must be refused for its characters, or `undefined` when it
 * has none of the suspicious kind. Ordinary syntax errors (uppercase, spaces) are the schema's business.
 */
export function nameCharacterProblem(value: string): string | undefined {
  const invisible = INVISIBLE.exec(value);
  if (invisible) {
    return `contains the invisible character ${describeCharacter(invisible[0])}; retype the name without it`;
  }
  const other = NON_ASCII.exec(value);
  if (other) {
    return `contains ${describeCharacter(other[0])}, which is not a plain ASCII letter or digit; look-alike characters are refused so that a name cannot impersonate another`;
  }
  return undefined;
}

/** Why free text (description, display name) must be refused for its characters, or `undefined`. */
export function textCharacterProblem(value: string): string | undefined {
  const bidi = BIDI_CONTROL.exec(value);
  if (bidi) {
    return `contains the invisible direction control ${describeCharacter(bidi[0])}, which makes text display differently from what it is; remove it`;
  }
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u.exec(value);
  if (control) return `contains the control character ${describeCharacter(control[0])}; remove it`;
  return undefined;
}
