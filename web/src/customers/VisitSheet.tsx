import { CheckSquareOutlined, EnvironmentOutlined, FileTextOutlined, PhoneOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Form, Input, Modal, Segmented, Switch, Typography } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { customersApi } from '../api/customers';
import type { Activity, ActivityInput } from '../api/types';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import type { ActivityKind } from '../lib/activity';
import { useCustomerErrorReporter } from './problems';

interface Position {
  lat: number;
  lng: number;
  accuracy: number;
}

/** The device's position once (the browser asks the user first). */
export function locate(timeout = 15_000): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      reject(new Error('unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) =>
        resolve({ lat: position.coords.latitude, lng: position.coords.longitude, accuracy: position.coords.accuracy }),
      (error) => reject(error),
      { enableHighAccuracy: true, timeout, maximumAge: 60_000 },
    );
  });
}

/** A position as the API's `coordinates`: "lat,lng" to five decimals (about a metre). */
export function locationText(position: { lat: number; lng: number }): string {
  return `${position.lat.toFixed(5)},${position.lng.toFixed(5)}`;
}

/** Why no position came, as a message key. */
export function locateFailure(error: unknown): MessageKey {
  const code = (error as { code?: number } | null)?.code;
  if (code === 1) return 'visit.location.denied';
  if (code === 3) return 'visit.location.timeout';
  if (error instanceof Error && error.message === 'unsupported') return 'visit.location.unsupported';
  return 'visit.location.unavailable';
}

const KINDS: { kind: ActivityKind; icon: ReactNode }[] = [
  { kind: 'visit', icon: <EnvironmentOutlined /> },
  { kind: 'call', icon: <PhoneOutlined /> },
  { kind: 'note', icon: <FileTextOutlined /> },
  { kind: 'task', icon: <CheckSquareOutlined /> },
];

interface Values {
  subject?: string;
  body?: string;
  location?: string;
  planned_for?: string;
}

type Locating =
  | { state: 'off' }
  | { state: 'busy' }
  | { state: 'on'; accuracy: number; coordinates: string }
  | { state: 'failed'; reason: MessageKey };

function SheetForm({
  customerId,
  customerName,
  opportunityId,
  initialKind,
  onLogged,
}: {
  customerId: string;
  customerName: string;
  opportunityId?: string;
  initialKind: ActivityKind;
  onLogged: (activity: Activity) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useCustomerErrorReporter();
  const [form] = Form.useForm<Values>();
  const [kind, setKind] = useState<ActivityKind>(initialKind);
  const [planning, setPlanning] = useState(false);
  const [locating, setLocating] = useState<Locating>({ state: 'off' });
  const [saving, setSaving] = useState(false);
  // The subject follows the kind until the user writes one of their own.
  const ownSubject = useRef(false);
  const subjectFor = (k: ActivityKind) => t(`visit.subject.${k}`, { name: customerName });

  const switchKind = (next: ActivityKind) => {
    setKind(next);
    if (!ownSubject.current) form.setFieldValue('subject', subjectFor(next));
    if (next !== 'visit' && next !== 'task') setPlanning(false);
  };

  const toggleLocation = async (on: boolean) => {
    if (!on) {
      setLocating({ state: 'off' });
      return;
    }
    setLocating({ state: 'busy' });
    try {
      // The position is kept beside the place; the rep names the place (no map service is asked).
      const position = await locate();
      setLocating({ state: 'on', accuracy: Math.round(position.accuracy), coordinates: locationText(position) });
    } catch (error) {
      setLocating({ state: 'failed', reason: locateFailure(error) });
    }
  };

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      const body: ActivityInput = {
        kind,
        subject: values.subject?.trim() || subjectFor(kind),
        ...(opportunityId ? { opportunity_id: opportunityId } : { customer_id: customerId }),
      };
      if (values.body?.trim()) body.body = values.body.trim();
      if (kind === 'visit' && values.location?.trim()) body.location = values.location.trim();
      if (kind === 'visit' && locating.state === 'on') body.coordinates = locating.coordinates;
      if (planning && values.planned_for) {
        const planned = new Date(values.planned_for);
        if (!Number.isNaN(planned.getTime())) body.planned_for = planned.toISOString();
      }
      const activity = await customersApi.logActivity(body);
      void message.success(t(body.planned_for ? 'visit.planned' : `visit.logged.${kind}`));
      onLogged(activity);
    } catch (caught) {
      report(caught, { form });
    } finally {
      setSaving(false);
    }
  };

  const locationStatus =
    locating.state === 'busy'
      ? t('visit.location.busy')
      : locating.state === 'on'
        ? t('visit.location.found', { meters: locating.accuracy, coordinates: locating.coordinates })
        : locating.state === 'failed'
          ? t(locating.reason)
          : null;

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ subject: subjectFor(initialKind) }} data-testid="visit-form">
      <Form.Item style={{ marginBottom: 12 }}>
        <Segmented<ActivityKind>
          block
          value={kind}
          onChange={switchKind}
          options={KINDS.map(({ kind: k, icon }) => ({
            value: k,
            icon,
            label: <span data-testid={`visit-kind-${k}`}>{t(`leads.activity.kind.${k}`)}</span>,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="subject"
        label={t('leads.activity.subject')}
        style={{ marginBottom: 8 }}
        rules={[{ max: 200 }]}
      >
        <Input maxLength={200} onChange={() => (ownSubject.current = true)} data-testid="visit-subject" />
      </Form.Item>
      <Form.Item name="body" style={{ marginBottom: 8 }}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={20000}
          placeholder={t('leads.activity.bodyPlaceholder')}
          aria-label={t('leads.activity.body')}
          data-testid="visit-body"
        />
      </Form.Item>
      {kind === 'visit' && (
        <>
          <div className="closer-visit-location">
            <label htmlFor="visit-use-location">
              <EnvironmentOutlined /> {t('visit.location.use')}
            </label>
            <Switch
              id="visit-use-location"
              checked={locating.state === 'on' || locating.state === 'busy'}
              loading={locating.state === 'busy'}
              onChange={(on) => void toggleLocation(on)}
              data-testid="visit-location-switch"
            />
          </div>
          {locationStatus && (
            <Typography.Text
              type={locating.state === 'failed' ? 'warning' : 'secondary'}
              className="closer-visit-location__status"
              data-testid="visit-location-status"
            >
              {locationStatus}
            </Typography.Text>
          )}
          <Form.Item name="location" style={{ marginBottom: 8, marginTop: 4 }}>
            <Input
              size="large"
              maxLength={200}
              prefix={<EnvironmentOutlined />}
              placeholder={t(locating.state === 'on' ? 'visit.location.placeHere' : 'leads.activity.location')}
              aria-label={t('leads.activity.location')}
              data-testid="visit-location"
            />
          </Form.Item>
        </>
      )}
      {(kind === 'visit' || kind === 'task') && (
        <>
          <div className="closer-visit-location">
            <label htmlFor="visit-plan">{t('visit.planLater')}</label>
            <Switch id="visit-plan" checked={planning} onChange={setPlanning} data-testid="visit-plan-switch" />
          </div>
          {planning && (
            <Form.Item
              name="planned_for"
              label={t('visit.plannedFor')}
              rules={[{ required: true, message: t('validation.required', { field: t('visit.plannedFor') }) }]}
              style={{ marginBottom: 8 }}
            >
              <Input type="datetime-local" data-testid="visit-planned" />
            </Form.Item>
          )}
        </>
      )}
      <Button
        type="primary"
        htmlType="submit"
        block
        size="large"
        loading={saving}
        disabled={locating.state === 'busy'}
        data-testid="visit-save"
        style={{ marginTop: 8 }}
      >
        {planning ? t('visit.save.plan') : t(`leads.activity.save.${kind}`)}
      </Button>
    </Form>
  );
}

/**
 * Logging a visit (or a call, note or task) on a customer, or on one of its opportunities
 * when `opportunityId` is given: a bottom sheet on a phone, a dialog on a desk. The subject
 * comes filled in ("拜访 <customer>"), so a visit is two taps after opening — three with
 * "use my location".
 */
export function VisitSheet({
  open,
  phone,
  customerId,
  customerName,
  opportunityId,
  initialKind = 'visit',
  onClose,
  onLogged,
}: {
  open: boolean;
  phone: boolean;
  customerId: string;
  customerName: string;
  /** Logs on this opportunity instead of on the customer. */
  opportunityId?: string;
  initialKind?: ActivityKind;
  onClose: () => void;
  onLogged: (activity: Activity) => void;
}) {
  const { t } = useI18n();
  const content = open && (
    <SheetForm
      customerId={customerId}
      customerName={customerName}
      opportunityId={opportunityId}
      initialKind={initialKind}
      onLogged={onLogged}
    />
  );
  if (phone) {
    return (
      <Drawer
        placement="bottom"
        open={open}
        onClose={onClose}
        title={t('visit.title')}
        height="auto"
        destroyOnHidden
        className="closer-visit-sheet"
        data-testid="visit-sheet"
      >
        {content}
      </Drawer>
    );
  }
  return (
    <Modal title={t('visit.title')} open={open} onCancel={onClose} footer={null} destroyOnHidden data-testid="visit-sheet">
      {content}
    </Modal>
  );
}
