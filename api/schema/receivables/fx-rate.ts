// FX rates: units of the base currency per one unit of a currency, by date.
import { builder } from '../../builder.js';
import { toPayload } from '../../errors.js';
import { setFxRate } from '../../services/receivables/fx.service.js';
import { checkCurrencyArg, dateRangeArg } from '../../services/reporting.js';
import { iso, payloadType } from '../common.js';

const FxRateRef = builder.prismaObject('FxRate', {
  fields: (t) => ({
    currency: t.exposeString('currency'),
    date: t.field({ type: 'Date', resolve: (r) => iso(r.date) }),
    rate: t.field({ type: 'Decimal', description: 'Units of the base currency per one unit.', resolve: (r) => r.rate.toFixed() }),
    version: t.exposeInt('version'),
  }),
});

builder.queryField('fxRates', (t) =>
  t.prismaField({
    type: ['FxRate'],
    args: { currency: t.arg.string({ required: false }), from: t.arg({ type: 'Date', required: false }), to: t.arg({ type: 'Date', required: false }) },
    resolve: (query, _root, args, ctx) => {
      const date = dateRangeArg(args, { from: 'from', to: 'to' });
      return ctx.prisma.fxRate.findMany({
        ...query,
        where: {
          ...(args.currency ? { currency: checkCurrencyArg(args.currency, '') } : {}),
          ...(date ? { date } : {}),
        },
        orderBy: [{ currency: 'asc' }, { date: 'asc' }],
        take: 10_000,
      });
    },
  }),
);

const SetFxRateInput = builder.inputType('SetFxRateInput', {
  fields: (t) => ({
    currency: t.string(),
    date: t.field({ type: 'Date' }),
    rate: t.field({ type: 'Decimal', description: 'Units of the base currency per one unit of currency (up to 10 decimals).' }),
  }),
});
const SetFxRatePayload = payloadType('SetFxRatePayload', 'fxRate', FxRateRef);
builder.mutationField('setFxRate', (t) =>
  t.field({
    type: SetFxRatePayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: SetFxRateInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('fxRate', () => setFxRate(ctx.prisma, ctx.actor, ctx.config.baseCurrency, input)),
  }),
);
