import { Checkbox, Col, Row, Typography } from 'antd';
import type { PermissionInfo } from '../api/types';
import { useI18n } from '../i18n/useI18n';

/** The catalogue's permissions grouped by area, in the catalogue's order. */
export function groupByArea(catalogue: PermissionInfo[]): { area: string; keys: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const permission of catalogue) {
    groups.set(permission.area, [...(groups.get(permission.area) ?? []), permission.key]);
  }
  return [...groups].map(([area, keys]) => ({ area, keys }));
}

interface Props {
  catalogue: PermissionInfo[];
  value?: string[];
  onChange?: (value: string[]) => void;
  disabled?: boolean;
}

/** Checkbox groups per area, each with a tick-all box; the value is a flat list of keys. */
export function PermissionPicker({ catalogue, value = [], onChange, disabled }: Props) {
  const { tx } = useI18n();
  const chosen = new Set(value);
  const set = (keys: string[], on: boolean) => {
    const next = new Set(chosen);
    for (const key of keys) {
      if (on) next.add(key);
      else next.delete(key);
    }
    onChange?.(catalogue.map((p) => p.key).filter((key) => next.has(key)));
  };

  return (
    <div className="closer-permissions" data-testid="permission-picker">
      {groupByArea(catalogue).map(({ area, keys }) => {
        const count = keys.filter((key) => chosen.has(key)).length;
        return (
          <div key={area} className="closer-permissions__group">
            <Checkbox
              checked={count === keys.length}
              indeterminate={count > 0 && count < keys.length}
              onChange={(event) => set(keys, event.target.checked)}
              disabled={disabled}
            >
              <Typography.Text strong>{tx(`permArea.${area}`, area)}</Typography.Text>
            </Checkbox>
            <Row gutter={[8, 4]} className="closer-permissions__keys">
              {keys.map((key) => (
                <Col xs={24} sm={12} key={key}>
                  <Checkbox
                    checked={chosen.has(key)}
                    onChange={(event) => set([key], event.target.checked)}
                    disabled={disabled}
                  >
                    {tx(`perm.${key}`, key)}
                    <Typography.Text type="secondary" className="closer-permissions__key">
                      {key}
                    </Typography.Text>
                  </Checkbox>
                </Col>
              ))}
            </Row>
          </div>
        );
      })}
    </div>
  );
}
