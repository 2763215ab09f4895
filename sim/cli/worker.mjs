// Worker-thread bootstrap: piscina calls the default export of the module named in
// workerData.entry. Under the TypeScript sources that module is .ts, which Node 20 workers cannot
// load directly, so tsx is registered first; in the compiled build (dist/) it is plain .mjs.
import { workerData } from "node:worker_threads";

if (workerData.entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
const mod = await import(workerData.entry);
export default mod.default;
