// A worker thread's first module: TypeScript through tsx (as the server runs), then the entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
