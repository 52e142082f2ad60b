import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { makeStyles, tokens, Text } from '@fluentui/react-components';
import type { BoardView, MunicipalityRow } from '../../src/features/board/schema.js';
import { REPRESENTATION_FILLS, type DrawnMap, type Representation } from '../../src/platform/map/draw.js';
import type { PageProps } from './App.js';

const WIDTH = 560;

const useStyles = makeStyles({
  layout: { display: 'flex', flexWrap: 'wrap', gap: '24px', alignItems: 'flex-start' },
  figure: { position: 'relative', margin: 0, flex: `0 1 ${WIDTH}px`, minWidth: '280px' },
  svg: { width: '100%', height: 'auto', display: 'block' },
  shape: {
    cursor: 'pointer',
    outlineStyle: 'none',
    ':focus-visible': { stroke: tokens.colorStrokeFocus2, strokeWidth: '3px' },
  },
  active: { stroke: tokens.colorStrokeFocus2, strokeWidth: '2.5px' },
  tooltip: {
    position: 'absolute',
    transform: 'translate(-50%, calc(-100% - 12px))',
    pointerEvents: 'none',
    minWidth: '200px',
    maxWidth: '320px',
    padding: '8px 12px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    boxShadow: tokens.shadow16,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    zIndex: 1,
  },
  tooltipList: { margin: '4px 0 0', paddingLeft: '16px' },
  side: { flex: '1 1 280px' },
  legend: { listStyle: 'none', padding: 0, margin: '0 0 16px', display: 'grid', gap: '6px' },
  swatch: {
    display: 'inline-block',
    width: '14px',
    height: '14px',
    marginRight: '8px',
    verticalAlign: 'middle',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    marginTop: '8px',
    '& th, & td': {
      textAlign: 'left',
      padding: '4px 8px',
      borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
      verticalAlign: 'top',
    },
  },
  missing: { color: tokens.colorPaletteRedForeground1 },
});

const ORDER: Representation[] = ['every', 'some', 'none'];

/**
 * The region's municipalities (drawn by the server with d3-geo, see board/viewing.ts) coloured by representation. Hover or keyboard focus (one tab stop, then arrow keys
 * in name order) shows who represents the municipality in each group and what is missing; the legend and a table
 * say the same in words for those who do not see the colours.
 */
export function CoverageMap({ view, drawn, t, theme }: PageProps & { view: BoardView; drawn: DrawnMap }) {
  const styles = useStyles();
  const rows = view.municipalities;
  const byCode = useMemo(() => new Map(rows.map((row) => [row.code, row])), [rows]);
  const groupNames = useMemo(() => new Map(view.groups.map((g) => [g.id, g.name])), [view.groups]);
  const [active, setActive] = useState<string>();
  const [focusable, setFocusable] = useState<string | undefined>(rows[0]?.code);
  const svg = useRef<SVGSVGElement>(null);
  const stroke = theme === 'default' ? '#424242' : theme === 'dark' ? '#1f1f1f' : '#ffffff';

  const label = (row: MunicipalityRow) => `${row.name}: ${t(`map.legend.${row.representation}`)}`;
  const shapesDrawn = useMemo(
    () =>
      drawn.municipalities.map((m) => {
        const row = byCode.get(m.code);
        return (
          <path
            key={m.code}
            d={m.path}
            data-code={m.code}
            role="img"
            aria-label={row ? label(row) : m.code}
            tabIndex={m.code === focusable ? 0 : -1}
            className={styles.shape}
            fill={REPRESENTATION_FILLS[row?.representation ?? 'none']}
            stroke={stroke}
            strokeWidth={0.75}
            strokeLinejoin="round"
          />
        );
      }),
    [drawn, byCode, focusable, stroke, styles.shape, t],
  );

  const codeOf = (target: EventTarget) => (target as Element).getAttribute?.('data-code') ?? undefined;
  const moveFocus = (event: KeyboardEvent<SVGSVGElement>) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    const current = rows.findIndex((row) => row.code === (active ?? focusable));
    let next: number | undefined;
    if (step !== undefined) next = (current + step + rows.length) % rows.length;
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = rows.length - 1;
    if (event.key === 'Escape') setActive(undefined);
    if (next === undefined) return;
    event.preventDefault();
    const code = rows[next]!.code;
    setFocusable(code);
    setActive(code);
    svg.current?.querySelector<SVGPathElement>(`[data-code="${code}"]`)?.focus();
  };

  const activeRow = active ? byCode.get(active) : undefined;
  const activeShape = active ? drawn.municipalities.find((m) => m.code === active) : undefined;
  const counts = Object.fromEntries(ORDER.map((r) => [r, rows.filter((row) => row.representation === r).length]));

  return (
    <div className={styles.layout}>
      <figure className={styles.figure}>
        <svg
          ref={svg}
          className={styles.svg}
          viewBox={`0 0 ${drawn.width} ${drawn.height}`}
          role="group"
          aria-label={t('map.label', { count: rows.length })}
          aria-describedby={activeRow ? 'map-tooltip' : undefined}
          onMouseOver={(event) => setActive(codeOf(event.target))}
          onMouseLeave={() => setActive(undefined)}
          onFocus={(event) => {
            const code = codeOf(event.target);
            if (code) {
              setActive(code);
              setFocusable(code);
            }
          }}
          onBlur={() => setActive(undefined)}
          onKeyDown={moveFocus}
        >
          {shapesDrawn}
          {activeShape ? (
            <path d={activeShape.path} fill="none" className={styles.active} pointerEvents="none" aria-hidden="true" />
          ) : null}
        </svg>
        {activeRow && activeShape ? (
          <div
            id="map-tooltip"
            role="tooltip"
            className={styles.tooltip}
            style={{
              left: `${(activeShape.centre[0] / drawn.width) * 100}%`,
              top: `${(activeShape.centre[1] / drawn.height) * 100}%`,
            }}
          >
            <Text weight="semibold">{activeRow.name}</Text>
            <br />
            <Text size={200}>{t(`map.legend.${activeRow.representation}`)}</Text>
            <ul className={styles.tooltipList}>
              {activeRow.groups.map((g) => (
                <li key={g.groupId}>
                  {groupNames.get(g.groupId)}:{' '}
                  {g.representatives.length > 0 ? (
                    g.representatives.join(', ')
                  ) : (
                    <span className={styles.missing}>{t('map.missing')}</span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </figure>
      <div className={styles.side}>
        <ul className={styles.legend} aria-label={t('map.legendLabel')}>
          {ORDER.map((representation) => (
            <li key={representation}>
              <span className={styles.swatch} style={{ background: REPRESENTATION_FILLS[representation] }} />
              {t(`map.legend.${representation}`)} ({counts[representation]})
            </li>
          ))}
        </ul>
        <Text size={200}>{t('map.keyboardHint')}</Text>
        <details>
          <summary>{t('map.tableSummary')}</summary>
          <table className={styles.table}>
            <caption>{t('map.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('map.municipality')}</th>
                <th scope="col">{t('map.status')}</th>
                {view.groups.map((g) => (
                  <th scope="col" key={g.id}>
                    {g.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.code}>
                  <th scope="row">{row.name}</th>
                  <td>{t(`map.legend.${row.representation}`)}</td>
                  {row.groups.map((g) => (
                    <td key={g.groupId}>
                      {g.representatives.length > 0 ? g.representatives.join(', ') : t('map.missing')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>
    </div>
  );
}
