// How much one request may ask for or send, in one place: the checks, the messages and the
// README's figures all read these.

/** Rows in one page of a connection (first/last), and in the collections worklist. */
export const MAX_PAGE_SIZE = 1000;
/** Rows in a page when first/last is not given. */
export const DEFAULT_PAGE_SIZE = 100;
/** Rows in one batch from Excel (setKpiTargets, updateProjects, logCollectionActivities …). */
export const MAX_BATCH_ROWS = 5000;
/** Explicit applications in one payment. */
export const MAX_APPLICATIONS = 5000;
/** Lines in one invoice. */
export const MAX_LINES = 1000;
/** Periods in one kpiHistory. */
export const MAX_HISTORY_PERIODS = 60;
/** Characters of a search argument (customers, projects). */
export const MAX_SEARCH_LENGTH = 100;
