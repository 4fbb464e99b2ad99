// Imports every area so its types register, then builds the schema.
import { builder } from '../builder.js';
import './common.js';
import './receivables/index.js';
import './collections.js';
import './delivery.js';
import './statements.js';
import './dunning.js';
import './portal.js';
import './kpis.js';
import './projects.js';
import './admin.js';
import './imports.js';
import './bank-statements.js';

export const schema = builder.toSchema({ sortSchema: false });
