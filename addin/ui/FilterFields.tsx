// The filters a dataset offers, as form fields. Pickers list entities and KPIs when the
// server told us them; otherwise the codes are typed. A filter with a fixed list of values (a
// status, a channel) is a picker; a layout's presets set several filters in one click.
import { Button, Checkbox, Field, Input, mergeClasses, Select } from '@fluentui/react-components';
import type { FilterChoicesData } from '../api/operations.js';
import type { DatasetLayout, FilterKey, Filters } from '../sheets/types.js';
import { useStyles } from './styles.js';

const LABELS: Record<FilterKey, string> = {
  entityCode: 'Entity',
  asOf: 'As of',
  period: 'Period',
  currency: 'Currency',
  kpiCode: 'KPI',
  from: 'From period',
  to: 'To period',
  projectCode: 'Project',
  openOnly: 'Open risks only',
  search: 'Search',
  deliveryStatus: 'Status',
  deliveryChannel: 'Channel',
  collector: 'Collector',
  includeSnoozed: 'Include snoozed (follow-up after the date)',
};

/** Yes/no filters, shown as checkboxes: 'true' or ''. */
const CHECKBOXES = new Set<FilterKey>(['openOnly', 'includeSnoozed']);

/** "PORTAL" → "Portal", "DUNNING_LETTER" → "Dunning letter". */
const wordsOf = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');

const PLACEHOLDERS: Partial<Record<FilterKey, string>> = {
  period: '2026-10, 2026-Q4, 2026-W48',
  currency: 'Base',
  from: '2025-11',
  to: '2026-10',
  projectCode: 'All projects',
  search: 'Code or name',
  collector: 'All collectors',
};

const WIDE = new Set<FilterKey>(['entityCode', 'kpiCode', 'projectCode', 'search', 'collector']);

export function missingFilters(layout: DatasetLayout, filters: Filters): string[] {
  return layout.filters.filter((f) => f.required && !filters[f.key]?.trim()).map((f) => LABELS[f.key]);
}

export function FilterFields({ layout, filters, choices, disabled, onChange }: {
  layout: DatasetLayout;
  filters: Filters;
  choices: FilterChoicesData | null;
  disabled?: boolean;
  onChange(filters: Filters): void;
}) {
  const styles = useStyles();
  const set = (key: FilterKey, value: string) => onChange({ ...filters, [key]: value });
  return (
    <div className={styles.filters} role="group" aria-label="Filters">
      {layout.presets && layout.presets.length > 0 && (
        <div className={mergeClasses(styles.wide, styles.actions)} role="group" aria-label="Presets">
          {layout.presets.map((preset) => (
            <Button key={preset.label} size="small" disabled={disabled} onClick={() => onChange({ ...filters, ...preset.filters })}>
              {preset.label}
            </Button>
          ))}
        </div>
      )}
      {layout.filters.map(({ key, required, options }) => {
        const value = filters[key] ?? '';
        const label = LABELS[key];
        if (CHECKBOXES.has(key)) {
          return (
            <Checkbox key={key} className={styles.wide} label={label} checked={value === 'true'} disabled={disabled} onChange={(_, d) => set(key, d.checked ? 'true' : '')} />
          );
        }
        let control;
        if (options) {
          control = (
            <Select value={value} disabled={disabled} onChange={(_, d) => set(key, d.value)}>
              <option value="">All</option>
              {options.map((o) => (
                <option key={o} value={o}>
                  {wordsOf(o)}
                </option>
              ))}
            </Select>
          );
        } else if (key === 'entityCode' && choices) {
          control = (
            <Select value={value} disabled={disabled} onChange={(_, d) => set(key, d.value)}>
              <option value="">All entities</option>
              {choices.entities.map((e) => (
                <option key={e.code} value={e.code}>{`${e.code} · ${e.name}`}</option>
              ))}
            </Select>
          );
        } else if (key === 'kpiCode' && choices && choices.kpiDefinitions.length > 0) {
          control = (
            <Select value={value} disabled={disabled} onChange={(_, d) => set(key, d.value)}>
              {choices.kpiDefinitions.map((k) => (
                <option key={k.code} value={k.code}>{`${k.code} · ${k.name}`}</option>
              ))}
            </Select>
          );
        } else {
          control = (
            <Input
              value={value}
              disabled={disabled}
              type={key === 'asOf' ? 'date' : 'text'}
              placeholder={PLACEHOLDERS[key]}
              maxLength={key === 'currency' ? 3 : undefined}
              onChange={(_, d) => set(key, key === 'currency' ? d.value.toUpperCase() : d.value)}
            />
          );
        }
        // Pickers and free text take the full width; dates, periods and currency codes pair up.
        const wide = WIDE.has(key);
        return (
          <Field key={key} label={label} required={required} className={wide ? styles.wide : undefined} size="small">
            {control}
          </Field>
        );
      })}
    </div>
  );
}
