import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _e, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ LOG_LEVEL: "info" }, stream) };
}

describe("logger", () => {
  it("never writes a secret field's value, at the top or nested", () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: "p4ss-top",
        apiKey: "k-top",
        req: { headers: { authorization: "Bearer hean_deadbeef_x", cookie: "hean_session=s3" } },
        settings: { BYBIT_API_SECRET: "bybit-s3cret", BYBIT_API_KEY: "bybit-k3y" },
        body: { token: "tok-1", nested: { secret: "deep" } },
      },
      "hello",
    );
    const text = lines.join("");
    for (const secret of [
      "p4ss-top",
      "k-top",
      "hean_deadbeef_x",
      "hean_session=s3",
      "bybit-s3cret",
      "bybit-k3y",
      "tok-1",
      "deep",
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain("[redacted]");
    expect(text).toContain("hello");
  });

  it("keeps every other field", () => {
    const { lines, logger } = capture();
    logger.info({ symbol: "BTCUSDT", qty: 0.1, nested: { reason: "manual" } }, "order");
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line).toMatchObject({ symbol: "BTCUSDT", qty: 0.1, nested: { reason: "manual" }, msg: "order" });
  });
});
