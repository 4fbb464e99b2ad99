import { pgliteDataset } from '/work/main/bench/harness.js';
import { benchAddin } from '/work/main/bench/addin.bench.js';
const size = Number(process.argv[2] ?? 60000);
const data = await pgliteDataset(size);
try { await benchAddin(data); } finally { await data.close(); }
