// Worker-thread bootstrap: Node 20 workers cannot load .ts directly, so register tsx first.
// Piscina calls the default export of the module named in workerData.entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const mod = await import(workerData.entry);
export default mod.default;
