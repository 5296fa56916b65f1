import { describe, expect, it } from "vitest";
import { isSecretSetting, maskUrlCredentials, showSetting } from "./secrets";

describe("secret settings", () => {
  it("knows keys, secrets, passwords and tokens by name", () => {
    for (const name of ["BYBIT_API_KEY", "BYBIT_API_SECRET", "HEAN_PASSWORD", "API_TOKEN", "SESSION_SECRET"])
      expect(isSecretSetting(name)).toBe(true);
    for (const name of ["PORT", "DATABASE_URL", "SYMBOLS", "KEY_COUNT_X"]) expect(isSecretSetting(name)).toBe(false);
  });

  it("masks URL passwords, whether the URL parses or not", () => {
    expect(maskUrlCredentials("postgresql://hean:s3cr%t@db:5432/hean")).toBe("postgresql://hean:***@db:5432/hean");
    expect(maskUrlCredentials("postgres://u:p@ss:w@rd@host/x")).toBe("postgres://u:***@host/x");
    expect(maskUrlCredentials("connect to redis://:hunter2@127.0.0.1:6379 failed")).toBe(
      "connect to redis://:***@127.0.0.1:6379 failed",
    );
    expect(maskUrlCredentials("postgresql://127.0.0.1/x")).toBe("postgresql://127.0.0.1/x");
  });

  it("shows a setting without its secret", () => {
    expect(showSetting("BYBIT_API_SECRET", "abc")).toBe("***");
    expect(showSetting("DATABASE_URL", "mysql://root:pw@h/db")).toBe("mysql://root:***@h/db");
    expect(showSetting("PORT", "80")).toBe("80");
  });
});
