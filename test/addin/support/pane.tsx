// Opens the task pane in jsdom over the in-memory Excel and a fake API, as Excel would: a token
// already saved for the server, the pane's calendar date and idempotency keys given.
import { render } from '@testing-library/react';
import type { LedgerApi } from '../../../addin/api/client.js';
import * as officeLayer from '../../../addin/office/index.js';
import { App } from '../../../addin/ui/App.js';
import { fromOfficeLayer } from '../../../addin/workflow/office-functions.js';

const office = fromOfficeLayer(officeLayer);

export function renderPane({ api, today, newKey }: { api: LedgerApi; today: string; newKey: () => string }) {
  return render(
    <App
      services={{
        office,
        createApi: () => api,
        storage: { getItem: (k) => (k.startsWith('ledgerline.token:') ? 'llt_saved' : null), setItem: () => {}, removeItem: () => {} },
        defaultServerUrl: 'https://localhost:4000',
        today: () => today,
        newKey,
      }}
    />,
  );
}
