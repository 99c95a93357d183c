// The home page's won-amount trend: the last twelve months as columns, exact in the tooltip,
// rounded on the axis.
import type { Money } from '../api/types';
import type { Language } from '../i18n/messages';
import type { ChartOption } from '../opportunities/Chart';
import { WON_COLOR } from '../analytics/charts';
import { formatAxisAmount, formatMonth } from '../lib/format';
import type { MonthAmount } from './dashboard';

export function wonTrendOption(months: MonthAmount[], words: { won: string }, format: (money: Money) => string, language: Language, compact: boolean): ChartOption {
  return {
    animation: false,
    grid: { left: 4, right: 8, top: 12, bottom: 4, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (params: { dataIndex: number; marker: string }[]) => {
        const row = months[params[0]?.dataIndex ?? -1];
        return row ? `${formatMonth(row.month, language)}<br/>${params[0]?.marker ?? ''}${words.won}: ${format(row.won_amount)}` : '';
      },
    },
    xAxis: {
      type: 'category',
      data: months.map((m) => formatMonth(m.month, language, false)),
      axisLabel: { fontSize: compact ? 10 : 11, hideOverlap: true },
    },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatAxisAmount(v, months[0]?.won_amount.currency, language), fontSize: compact ? 10 : 11 } },
    series: [
      {
        name: words.won,
        type: 'bar',
        data: months.map((m) => Number(m.won_amount.amount)),
        itemStyle: { color: WON_COLOR, borderRadius: [3, 3, 0, 0] },
        barMaxWidth: 22,
        cursor: 'pointer',
      },
    ],
  };
}
