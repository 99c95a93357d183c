import { Alert, Col, Flex, Form, Row, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { BankMapping, BankPreview, BankRole } from '../api/cash';
import type { FieldProblem } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { BANK_ROLES, checkBankMapping, columnChoices, isRequiredRole } from './bank';

/** The choice "no column" for an optional role (never a column's name: those are not blank). */
const NONE = '';

interface Props {
  preview: BankPreview;
  fileName: string;
  mapping: BankMapping;
  onChange: (mapping: BankMapping) => void;
  /** The import's field problems, by the role they are about. */
  problems?: Partial<Record<BankRole, FieldProblem>>;
}

interface SampleRow {
  key: number;
  cells: string[];
}

/**
 * Which column of the statement is the date, the payer, the money received, the money paid
 * out and the reference — recognised ones come chosen — over the file's first rows as they
 * are, under the file's own column names.
 */
export function BankMappingStep({ preview, fileName, mapping, onChange, problems = {} }: Props) {
  const { t, tx } = useI18n();
  const roleLabel = (role: BankRole) => tx(`cash.bank.column.${role}`, role);
  const choices = columnChoices(preview.columns);
  const check = checkBankMapping(mapping, preview.columns);

  const help = (role: BankRole) => {
    const problem = problems[role];
    if (problem) return tx(`cash.bank.mapping.code.${problem.code}`, problem.message);
    if (check.repeated.includes(role)) return t('cash.bank.mapping.repeated');
    return undefined;
  };

  const sampleColumns: ColumnsType<SampleRow> = preview.columns.map((name, index) => {
    const roles = BANK_ROLES.filter((role) => mapping[role] === name && name !== '');
    return {
      key: String(index),
      title: (
        <Flex vertical gap={2} align="flex-start">
          <span>{name || t('common.none')}</span>
          {roles.map((role) => (
            <Tag key={role} color={role === 'debit' ? 'orange' : 'blue'} style={{ marginInlineEnd: 0 }} data-testid={`bank-sample-role-${role}`}>
              {roleLabel(role)}
            </Tag>
          ))}
        </Flex>
      ),
      render: (_: unknown, row: SampleRow) => row.cells[index] ?? '',
    };
  });

  return (
    <Flex vertical gap={16} style={{ minWidth: 0 }} data-testid="bank-mapping">
      <Typography.Text data-testid="bank-header-row">
        {t('cash.bank.mapping.headerRow', { file: fileName, row: preview.header_row, rows: preview.rows_total })}
      </Typography.Text>
      {check.missing.length > 0 && (
        <Alert
          type="info"
          showIcon
          message={t('cash.bank.mapping.missing', { roles: check.missing.map(roleLabel).join(t('common.listSeparator')) })}
          data-testid="bank-mapping-missing"
        />
      )}
      <Form layout="vertical" component="div" requiredMark>
        <Row gutter={[16, 0]}>
          {BANK_ROLES.map((role) => {
            const required = isRequiredRole(role);
            const message = help(role);
            const value = mapping[role] ?? (required ? undefined : NONE);
            return (
              <Col key={role} xs={24} sm={12} lg={8}>
                <Form.Item
                  label={roleLabel(role)}
                  required={required}
                  extra={t(`cash.bank.mapping.hint.${role}`)}
                  validateStatus={message ? 'error' : undefined}
                  help={message}
                  data-testid={`bank-map-item-${role}`}
                >
                  <Select<string>
                    value={value}
                    placeholder={t('cash.bank.mapping.choose')}
                    onChange={(column) => onChange({ ...mapping, [role]: column === NONE ? null : column })}
                    options={[
                      ...(required ? [] : [{ value: NONE, label: t('cash.bank.mapping.none') }]),
                      ...choices.map((column) => ({ value: column, label: column })),
                    ]}
                    aria-label={roleLabel(role)}
                    data-testid={`bank-map-${role}`}
                  />
                </Form.Item>
              </Col>
            );
          })}
        </Row>
      </Form>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('cash.bank.mapping.sample', { shown: preview.sample.length, total: preview.rows_total })}
        </Typography.Title>
        <Table<SampleRow>
          className="closer-bank-sample"
          size="small"
          bordered
          pagination={false}
          columns={sampleColumns}
          dataSource={preview.sample.map((cells, key) => ({ key, cells }))}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('cash.bank.mapping.noRows') }}
          data-testid="bank-sample"
        />
      </div>
    </Flex>
  );
}
