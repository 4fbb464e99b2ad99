// The exports live in api/exports/; these names stay importable from here.
export { csvCell, csvLine } from './exports/csv.js';
export { DATASETS, exportHandler, EXPORT_PATHS } from './exports/handler.js';
