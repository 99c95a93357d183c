import { describe, expect, it } from 'vitest';
import { brokenRule, canSwap, deriveKey, newStageIndex, processBody, regroupIndex, slugKey, stageKeys, taskKeys, type StageValues } from './processForm';

const SERVER_KEY = /^[a-z][a-z0-9_]{0,39}$/;

describe('slugKey', () => {
  it.each([
    ['Initial contact', 'initial_contact'],
    ['  Needs  confirmed! ', 'needs_confirmed'],
    ['Proposal / Quote', 'proposal_quote'],
    ['Café Négociation', 'cafe_negociation'],
    ['2nd call', 'stage_2nd_call'],
    ['初步接触 Demo', 'demo'],
    ['初步接触', ''],
    ['', ''],
    [undefined, ''],
  ])('%s → %s', (name, key) => {
    expect(slugKey(name)).toBe(key);
  });

  it('stays within the server limit and never ends in _', () => {
    const key = slugKey('A very long stage name that goes on and on past forty letters');
    expect(key.length).toBeLessThanOrEqual(40);
    expect(key).toMatch(SERVER_KEY);
    expect(key.endsWith('_')).toBe(false);
  });

  it('prefixes a name that starts with a digit with the fallback word', () => {
    expect(slugKey('1 call', 'task')).toBe('task_1_call');
  });
});

describe('deriveKey', () => {
  it('takes the first name with Latin letters', () => {
    expect(deriveKey(['', 'Demo day'], new Set(), 'stage', 3)).toBe('demo_day');
  });

  it('numbers a taken slug', () => {
    expect(deriveKey(['Quotation'], new Set(['quotation', 'quotation_2']), 'stage', 1)).toBe('quotation_3');
  });

  it('falls back to stage_N, unique', () => {
    expect(deriveKey(['商务谈判'], new Set(), 'stage', 4)).toBe('stage_4');
    expect(deriveKey([undefined, '商务谈判'], new Set(['stage_4', 'stage_5']), 'stage', 4)).toBe('stage_6');
  });

  it('keeps a numbered long key within the limit', () => {
    const base = 'a'.repeat(40);
    expect(deriveKey([base], new Set([base]), 'stage', 1)).toBe(`${'a'.repeat(38)}_2`);
  });
});

describe('stageKeys', () => {
  it('keeps existing keys and derives new ones from the English, then the Chinese name', () => {
    const stages: StageValues[] = [
      { key: 'initial_contact', name: '初步接触', name_en: 'Initial contact' },
      { name: '现场演示', name_en: 'On-site demo' },
      { name: '商务谈判' },
      { name: 'POC 测试' },
      { key: 'won', name: '赢单', is_won: true },
    ];
    expect(stageKeys(stages)).toEqual(['initial_contact', 'on_site_demo', 'stage_3', 'poc', 'won']);
  });

  it('never reuses a key the process had, nor one another stage has', () => {
    const stages: StageValues[] = [{ key: 'stage_1', name: '甲' }, { name: '乙' }, { name: 'Quotation' }];
    expect(stageKeys(stages, ['quotation', 'stage_2'])).toEqual(['stage_1', 'stage_3', 'quotation_2']);
  });

  it('gives every unnamed new stage a distinct key the server accepts', () => {
    const keys = stageKeys([{}, {}, { name: '' }]);
    expect(new Set(keys).size).toBe(3);
    for (const key of keys) expect(key).toMatch(SERVER_KEY);
  });
});

describe('taskKeys', () => {
  it('keeps existing task keys and derives task_N for Chinese labels', () => {
    expect(taskKeys([{ key: 'budget_confirmed', label: '预算已确认' }, { label: '发送报价' }, { label: 'Send NDA' }])).toEqual([
      'budget_confirmed',
      'task_2',
      'send_nda',
    ]);
  });
});

describe('the order of open and closed stages', () => {
  const stages: StageValues[] = [{ name: 'a' }, { name: 'b' }, { name: 'won', is_won: true }, { name: 'lost', is_lost: true }];

  it('puts a new stage before the won and lost stages', () => {
    expect(newStageIndex(stages)).toBe(2);
    expect(newStageIndex([{ name: 'a' }])).toBe(1);
    expect(newStageIndex([])).toBe(0);
  });

  it('lets stages swap only within their group', () => {
    expect(canSwap(stages, 0, 1)).toBe(true);
    expect(canSwap(stages, 1, 2)).toBe(false);
    expect(canSwap(stages, 2, 1)).toBe(false);
    expect(canSwap(stages, 2, 3)).toBe(true);
    expect(canSwap(stages, 3, 4)).toBe(false);
    expect(canSwap(stages, 0, -1)).toBe(false);
  });

  it('moves a stage marked won or lost past the open ones, and an unmarked one before the closed ones', () => {
    expect(regroupIndex([{ is_lost: true }, {}, {}, { is_won: true }], 0)).toBe(2);
    expect(regroupIndex([{}, {}, { is_won: true }, {}], 3)).toBe(2);
    expect(regroupIndex(stages, 1)).toBe(1);
    expect(regroupIndex(stages, 3)).toBe(3);
  });
});

describe('processBody', () => {
  it('sends every stage and task with a key the server accepts', () => {
    const body = processBody(
      {
        name: ' 标准流程 ',
        stages: [
          { key: 'initial_contact', name: '初步接触', name_en: 'Initial contact', win_rate: 10, tasks: [{ key: 'budget', label: '预算', required: true }, { label: '拜访客户' }] },
          { name: ' 现场演示 ', name_en: ' ', win_rate: 40 },
          { key: 'won', name: '赢单', win_rate: 100, is_won: true },
        ],
      },
      { stages: ['initial_contact', 'won', 'lost'], tasks: (key) => (key === 'initial_contact' ? ['budget', 'task_2'] : []) },
    );
    expect(body.name).toBe('标准流程');
    expect(body.stages.map((s) => s.key)).toEqual(['initial_contact', 'stage_2', 'won']);
    expect(body.stages[0].tasks).toEqual([
      { key: 'budget', label: '预算', required: true },
      { key: 'task_3', label: '拜访客户', required: false },
    ]);
    expect(body.stages[1]).toMatchObject({ name: '现场演示', name_en: null, win_rate: '40', is_won: false, is_lost: false, tasks: [] });
    expect(body.stages[2]).toMatchObject({ win_rate: '100', is_won: true });
  });
});

describe('brokenRule', () => {
  const stages: StageValues[] = [{ name: 'a' }, { name: 'won', is_won: true }, { name: 'lost', is_lost: true }];
  it('names the process rule a refused field broke', () => {
    expect(brokenRule(['stages', 1, 'win_rate'], 'not_allowed', stages)).toBe('wonRate');
    expect(brokenRule(['stages', 2, 'win_rate'], 'not_allowed', stages)).toBe('lostRate');
    expect(brokenRule(['stages', 1, 'is_won'], 'not_allowed', stages)).toBe('oneWon');
    expect(brokenRule(['stages', 0, 'name'], 'not_allowed', stages)).toBe('sameKey');
    expect(brokenRule(['stages', 0, 'tasks', 1, 'label'], 'not_allowed', stages)).toBe('sameKey');
  });
  it('leaves the server its words for anything else', () => {
    expect(brokenRule(['stages', 0, 'win_rate'], 'not_allowed', stages)).toBeUndefined();
    expect(brokenRule(['stages', 1, 'win_rate'], 'out_of_range', stages)).toBeUndefined();
    expect(brokenRule(['name'], 'not_allowed', stages)).toBeUndefined();
  });
});
