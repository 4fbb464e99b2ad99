// Test setup (vitest.config.ts): runs the in-memory Excel at the ExcelApi version named by
// LEDGERLINE_FAKE_EXCEL_API (e.g. "1.7"), so the add-in's tests show what works on older hosts.
// The environment is read here only; the fake itself takes the version as an option.
import { setFakeExcelDefaults } from '../../../addin/in-memory-excel/index.js';

const version = process.env.LEDGERLINE_FAKE_EXCEL_API;
if (version !== undefined && version !== '') {
  if (!/^1\.\d+$/.test(version)) throw new Error(`LEDGERLINE_FAKE_EXCEL_API must be an ExcelApi version such as 1.7, not "${version}".`);
  setFakeExcelDefaults({ excelApiVersion: version });
}
