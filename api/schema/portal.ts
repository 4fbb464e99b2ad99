// The customer portal: signed links to a customer's read-only page (api/http/portal.ts).
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { toPayload } from '../errors.js';
import { createPortalLink, DEFAULT_PORTAL_LINK_DAYS, MAX_PORTAL_LINK_DAYS, revokePortalLinks, type PortalLinkIssued } from '../services/collections/portal.service.js';
import { payloadType } from './common.js';

const PortalLinkRef = builder.objectRef<PortalLinkIssued>('PortalLink').implement({
  fields: (t) => ({
    url: t.exposeString('url', { description: 'The page; it needs no login. Its secret is shown only here: store or send it now.' }),
    expiresAt: t.field({ type: 'DateTime', resolve: (link) => link.expiresAt }),
  }),
});

/** LEDGERLINE_PUBLIC_URL, else the origin this request came to (Yoga puts the request in the context). */
function publicBaseUrl(ctx: Context): string {
  if (ctx.config.publicUrl) return ctx.config.publicUrl;
  const request = (ctx as Context & { request?: Request }).request;
  return request ? new URL(request.url).origin : `http://localhost:${ctx.config.port}`;
}

const CreatePortalLinkInput = builder.inputType('CreatePortalLinkInput', {
  fields: (t) => ({
    customerCode: t.string(),
    expiresInDays: t.int({ required: false, defaultValue: DEFAULT_PORTAL_LINK_DAYS, description: `1 to ${MAX_PORTAL_LINK_DAYS}.` }),
  }),
});
const CreatePortalLinkPayload = payloadType('CreatePortalLinkPayload', 'portalLink', PortalLinkRef);
builder.mutationField('createPortalLink', (t) =>
  t.field({
    type: CreatePortalLinkPayload,
    description: "A link to the customer's read-only portal page: its open invoices, balance, a recent statement and their PDFs. Expired, revoked or altered links answer 404.",
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: CreatePortalLinkInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('portalLink', () => createPortalLink(ctx.prisma, ctx.actor, input, { baseUrl: publicBaseUrl(ctx), now: new Date() })),
  }),
);

const RevokePortalLinksInput = builder.inputType('RevokePortalLinksInput', { fields: (t) => ({ customerCode: t.string() }) });
const RevokePortalLinksPayload = payloadType('RevokePortalLinksPayload', 'revoked', 'Int');
builder.mutationField('revokePortalLinks', (t) =>
  t.field({
    type: RevokePortalLinksPayload,
    description: "Closes every live portal link of the customer (those mailed with invoices too); answers how many were revoked.",
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: RevokePortalLinksInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('revoked', () => revokePortalLinks(ctx.prisma, ctx.actor, input, new Date())),
  }),
);
