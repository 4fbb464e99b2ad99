// The add-in's own API client, its requests answered by a server running in this process
// (test/support/api.ts): the workflow tests drive the real client against the real schema.
import { createLedgerApi, type LedgerApi } from '../../../addin/api/client.js';
import type { TestApi } from '../../support/api.js';

export function inProcessLedgerApi(api: TestApi, token: string): LedgerApi {
  return createLedgerApi({
    serverUrl: 'https://localhost:4000',
    token,
    isOnline: () => true,
    fetch: async (_url, init) => {
      const { query, variables } = JSON.parse(String(init!.body)) as { query: string; variables?: Record<string, unknown> };
      const { status, ...body } = await api.gql(query, variables, token);
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
  });
}

/**
 * A small book for the workflow tests: entity US01 and a customer per code, each with one issued
 * invoice of the amount given (NET30, dated `issueDate`); answers the invoice numbers by code.
 */
export async function seedSmallBook(api: TestApi, params: { issueDate: string; customerName: (code: string) => string; amounts: Record<string, string> }): Promise<Record<string, string>> {
  await api.ok(`mutation { createEntity(input: {code: "US01", name: "United States", currency: "USD"}) { userErrors { message } } }`);
  const numbers: Record<string, string> = {};
  for (const [code, amount] of Object.entries(params.amounts)) {
    const customer = await api.ok(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { userErrors { message } } }`, {
      input: { entityCode: 'US01', code, name: params.customerName(code), paymentTerms: 'NET30', deliveryChannel: 'POST' },
    }, api.tokens.AR);
    if (customer.createCustomer.userErrors.length > 0) throw new Error(JSON.stringify(customer.createCustomer.userErrors));
    const created = await api.ok(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { number } userErrors { message } } }`,
      { input: { customerCode: code, issueDate: params.issueDate, lines: [{ description: 'Services', quantity: '1', unitPrice: amount }] } },
      api.tokens.AR,
    );
    if (created.createInvoice.userErrors.length > 0) throw new Error(JSON.stringify(created.createInvoice.userErrors));
    numbers[code] = created.createInvoice.invoice.number;
  }
  return numbers;
}

/** Open balances on the server, by invoice number. */
export async function openBalances(api: TestApi): Promise<Record<string, string>> {
  const data = await api.ok(`{ invoices(first: 50, filter: { open: true }) { edges { node { number balance } } } }`);
  return Object.fromEntries(data.invoices.edges.map((e: { node: { number: string; balance: string } }) => [e.node.number, e.node.balance]));
}
