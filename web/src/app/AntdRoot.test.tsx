// The date pickers speak the UI language: their month and weekday names come from dayjs's
// locale, which follows the language chosen (and switched) like antd's own.
import { fireEvent, render, screen } from '@testing-library/react';
import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Language } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { AntdRoot } from './AntdRoot';

const DECEMBER = dayjs('2026-12-06');

/** The open picker's weekday headers and the month shown in its header. */
function picker() {
  const weekdays = [...document.querySelectorAll('.ant-picker-dropdown .ant-picker-content thead th')].map((th) => th.textContent);
  const month = document.querySelector('.ant-picker-dropdown .ant-picker-month-btn')?.textContent;
  return { weekdays, month };
}

function Switcher({ to }: { to: Language }) {
  const { setLanguage } = useI18n();
  return (
    <button type="button" onClick={() => setLanguage(to)}>
      switch
    </button>
  );
}

function renderPicker(language: Language, to: Language) {
  return render(
    <I18nProvider language={language}>
      <AntdRoot>
        <Switcher to={to} />
        <DatePicker open defaultPickerValue={DECEMBER} />
      </AntdRoot>
    </I18nProvider>,
  );
}

describe('AntdRoot date pickers', () => {
  it('show Chinese month and weekday names in zh-CN, and English ones after switching to en-US', () => {
    renderPicker('zh-CN', 'en-US');
    expect(picker().weekdays).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    expect(picker().month).toBe('12月');

    fireEvent.click(screen.getByText('switch'));
    expect(picker().weekdays).toEqual(['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa']);
    expect(picker().month).toBe('Dec');
  });

  it('switch to Chinese names when the language becomes zh-CN', () => {
    renderPicker('en-US', 'zh-CN');
    expect(picker().weekdays[0]).toBe('Su');
    fireEvent.click(screen.getByText('switch'));
    expect(picker().weekdays).toEqual(['一', '二', '三', '四', '五', '六', '日']);
  });
});
