// `npx tsx scripts/fake-bybit.ts [port] [symbols]`: the local fake Bybit v5 server on 127.0.0.1
// (REST market endpoints and the public linear WebSocket), for trying MARKET_FEED=bybit without
// the exchange:
//   BYBIT_REST_URL=http://127.0.0.1:PORT BYBIT_WS_PUBLIC_URL=ws://127.0.0.1:PORT/v5/public/linear \
//   MARKET_FEED=bybit npm start
// and to trade on it (PAPER_MODE=false, with the key and secret it prints): add
//   BYBIT_WS_PRIVATE_URL=ws://127.0.0.1:PORT/v5/private BYBIT_API_KEY=... BYBIT_API_SECRET=...
//   PAPER_MODE=false LIVE_TRADING_CONFIRM=I_ACCEPT_REAL_MONEY_RISK (and an owner password)
// Faults over HTTP: /__fake/drop, /__fake/silent?on=1, /__fake/gap?symbol=BTCUSDT,
// /__fake/rest-error?http=403, /__fake/stats.
import { FAKE_API_KEY, FAKE_API_SECRET, FakeBybit } from "../server/adapters/bybit/testing/fake-bybit";
import { DEFAULT_SYMBOLS } from "../server/engine/model/symbols";

const port = Number(process.argv[2] ?? 0);
const symbols = process.argv[3]?.split(",") ?? [...DEFAULT_SYMBOLS];

const fake = await FakeBybit.start({ symbols }, port);
console.log(
  JSON.stringify({
    rest: fake.restUrl,
    wsPublic: fake.wsPublicUrl,
    wsPrivate: fake.wsPrivateUrl,
    apiKey: FAKE_API_KEY,
    apiSecret: FAKE_API_SECRET,
  }),
);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
