import { benchBus } from "./bus-vs-event-emitter";
import { benchMarketDataReplay } from "./market-data-replay";
import { machine } from "./measure";

// `npm run bench`: figures go to BENCHMARKS.md by hand, with the machine line printed here.
console.log(`machine: ${machine()}`);
const bus = benchBus();
console.log(
  `event bus: ${bus.busNsPerDispatch.toFixed(1)} ns/dispatch vs EventEmitter ${bus.emitterNsPerDispatch.toFixed(1)} ns (ratio ${bus.ratio.toFixed(2)})`,
);
const replay = await benchMarketDataReplay();
console.log(
  `market data replay: ${replay.ticks} ticks in ${replay.bestMs.toFixed(1)} ms = ${Math.round(replay.ticksPerSec).toLocaleString("en-US")} ticks/s (best of 5, persistence off)`,
);
