/// <reference types="office-js" />
// Boot: wait for Office in Excel; with ?host=fake (end-to-end tests, a local demo) install the
// in-memory fake workbook first. The fake is a dynamic import, a separate chunk the production
// path never loads. Outside Excel, or in an Excel without ExcelApi 1.7, say so instead.
import { createRoot } from 'react-dom/client';
import { createLedgerApi } from './api/client.js';
import { browserStore } from './api/token-store.js';
import * as office from './office/index.js';
import { App } from './ui/App.js';
import { fromOfficeLayer } from './workflow/office-functions.js';
import { localToday, newIdempotencyKey } from './ui/services.js';
import { Standalone } from './ui/Standalone.js';

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const fake = new URLSearchParams(window.location.search).get('host') === 'fake';
  if (fake) {
    // office.js starts up asynchronously and, part way, sets window.Office to its own object:
    // the fake goes in only once that is over, or office.js can replace it mid-session.
    if (typeof Office !== 'undefined') await Office.onReady();
    const { installFakeHost } = await import('./fake-host.js');
    await installFakeHost();
  } else {
    const info = await Office.onReady();
    if (info.host !== Office.HostType.Excel) return root.render(<Standalone reason="not-excel" />);
    if (!Office.context.requirements.isSetSupported('ExcelApi', '1.7')) return root.render(<Standalone reason="old-excel" />);
  }
  root.render(
    <App
      services={{
        office: fromOfficeLayer(office),
        createApi: createLedgerApi,
        storage: browserStore(),
        defaultServerUrl: window.location.origin,
        today: () => localToday(),
        newKey: newIdempotencyKey,
      }}
    />,
  );
}

boot().catch((error: unknown) => {
  const box = document.getElementById('boot-error')!;
  box.style.display = 'block';
  box.textContent = `Ledgerline could not start: ${(error as Error).message}`;
});
