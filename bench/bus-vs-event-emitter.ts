import { EventEmitter } from "node:events";
import { EventBus } from "../server/engine/bus";
import { opsPerSecond } from "./measure";

type Ev = { type: "TICK"; n: number } | { type: "OTHER"; n: number };

/** ns per dispatch to 3 handlers: the engine's bus against Node's EventEmitter, side by side. */
export function benchBus() {
  const N = 100_000;
  let sink = 0;
  const bus = new EventBus<Ev>();
  for (let i = 0; i < 3; i++) bus.subscribe("TICK", (e) => (sink += e.n));
  const emitter = new EventEmitter();
  for (let i = 0; i < 3; i++) emitter.on("TICK", (e: Ev) => (sink += e.n));
  const ev: Ev = { type: "TICK", n: 1 };
  const ours = opsPerSecond(() => {
    for (let i = 0; i < N; i++) bus.publish(ev);
    return N;
  });
  const node = opsPerSecond(() => {
    for (let i = 0; i < N; i++) emitter.emit("TICK", ev);
    return N;
  });
  if (sink === 0) throw new Error("handlers never ran");
  return { busNsPerDispatch: ours.nsPerOp, emitterNsPerDispatch: node.nsPerOp, ratio: ours.nsPerOp / node.nsPerOp };
}
