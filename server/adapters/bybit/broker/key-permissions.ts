import type { z } from "zod";
import type { apiKeyInfoResult } from "../v5/account-rest";

export type ApiKeyInfo = z.output<typeof apiKeyInfoResult>;

/**
 * Why HEAN refuses to trade with this API key, in words (none: it may). A key must be able to place
 * contract orders and must not be able to move money out: HEAN never needs withdrawals or
 * transfers, so a key that can make them is refused rather than trusted.
 */
export function keyRefusals(key: ApiKeyInfo): string[] {
  const out: string[] = [];
  const granted = (group: string) => key.permissions[group] ?? [];
  if (key.readOnly === 1)
    out.push("the API key is read-only: create a key with Contract (Orders, Positions) permission");
  else if (!granted("ContractTrade").includes("Order"))
    out.push("the API key cannot place contract orders: give it the Contract Orders and Positions permissions");
  const wallet = granted("Wallet");
  if (wallet.includes("Withdraw"))
    out.push("the API key can withdraw funds: HEAN refuses such keys; create one without the Withdraw permission");
  const moving = wallet.filter((w) => w !== "Withdraw");
  if (moving.length > 0)
    out.push(
      `the API key can move funds (${moving.join(", ")}): HEAN refuses such keys; create one without Wallet permissions`,
    );
  return out;
}

/** What start-up logs as a caution without refusing: a key usable from any address. */
export function keyCautions(key: ApiKeyInfo): string[] {
  const ips = key.ips ?? [];
  return ips.length === 0 || ips.includes("*")
    ? ["the API key is not bound to IP addresses: bind it to this server's address in Bybit's API settings"]
    : [];
}
