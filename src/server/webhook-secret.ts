import { createHmac } from "node:crypto";

/** Probot's public default webhook secret, used when `WEBHOOK_SECRET` is unset or empty. */
export const PUBLIC_DEFAULT_SECRET = "development";

/** The part of Probot's webhooks object the check needs: it signs with the secret Probot really verifies with. */
export interface SigningWebhooks {
  sign(payload: string): Promise<string>;
}

/**
 * Throws unless the webhook secret is a real one. Probot falls back to the public secret `development` when
 * `WEBHOOK_SECRET` is unset or empty, and would then accept deliveries anyone can sign. The check signs a probe with
 * the secret Probot actually uses (whatever its source) and compares it with the public default's signature, so the
 * secret itself is never read or echoed. Skipped when `NODE_ENV=test`.
 */
export async function assertSecureWebhookSecret(webhooks: SigningWebhooks, env: NodeJS.ProcessEnv): Promise<void> {
  if (env.NODE_ENV === "test") return;
  const probe = "onboarding-bot: webhook secret check";
  const signature = await webhooks.sign(probe);
  const publicSignature = `sha256=${createHmac("sha256", PUBLIC_DEFAULT_SECRET).update(probe).digest("hex")}`;
  if (signature === publicSignature) {
    throw new Error(
      "WEBHOOK_SECRET is unset, empty or Probot's public default 'development': anyone could sign webhooks. " +
        "Set WEBHOOK_SECRET to the webhook secret of the GitHub App (the set-up page writes one into .env).",
    );
  }
}
