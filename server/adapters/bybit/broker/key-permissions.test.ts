import { describe, expect, it } from "vitest";
import { apiKeyInfoResult } from "../v5/account-rest";
import { type ApiKeyInfo, keyCautions, keyRefusals } from "./key-permissions";

const key = (over: Partial<ApiKeyInfo> = {}): ApiKeyInfo =>
  apiKeyInfoResult.parse({
    readOnly: 0,
    permissions: { ContractTrade: ["Order", "Position"], Wallet: [], Spot: [] },
    ips: ["203.0.113.7"],
    ...over,
  });

describe("which Bybit API keys HEAN trades with", () => {
  it("a key that trades contracts and moves no money, bound to an address: accepted, no caution", () => {
    expect(keyRefusals(key())).toEqual([]);
    expect(keyCautions(key())).toEqual([]);
  });

  it("refuses read-only keys and keys that cannot place contract orders", () => {
    expect(keyRefusals(key({ readOnly: 1 }))).toEqual([expect.stringMatching(/read-only/)]);
    expect(keyRefusals(key({ permissions: { ContractTrade: ["Position"] } }))).toEqual([
      expect.stringMatching(/cannot place contract orders/),
    ]);
    expect(keyRefusals(key({ permissions: {} }))).toEqual([expect.stringMatching(/cannot place contract orders/)]);
  });

  it("refuses keys that can withdraw or transfer, naming what they can do", () => {
    const both = keyRefusals(
      key({ permissions: { ContractTrade: ["Order", "Position"], Wallet: ["AccountTransfer", "Withdraw"] } }),
    );
    expect(both).toEqual([
      expect.stringMatching(/can withdraw funds/),
      expect.stringMatching(/can move funds \(AccountTransfer\)/),
    ]);
  });

  it("cautions about a key usable from any address", () => {
    expect(keyCautions(key({ ips: ["*"] }))).toEqual([expect.stringMatching(/not bound to IP/)]);
    expect(keyCautions(key({ ips: [] }))).toHaveLength(1);
  });

  it("reads Bybit's answer as it comes, null permission lists included", () => {
    expect(keyRefusals(key({ permissions: { ContractTrade: ["Order"], Wallet: null } }))).toEqual([]);
    expect(() => apiKeyInfoResult.parse({ readOnly: 2, permissions: {} })).toThrow();
  });
});
