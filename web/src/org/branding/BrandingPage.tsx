import { Col, Row } from 'antd';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/useI18n';
import { LogoCard } from './LogoCard';

/** Company-wide branding: for now the logo printed on quotes beside the company's name. */
export function BrandingPage() {
  const { t } = useI18n();
  const { user } = useSession();
  return (
    <div data-testid="branding-page">
      <PageHeader title={t('branding.title')} subtitle={t('branding.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <LogoCard companyName={user.tenant.name} />
        </Col>
      </Row>
    </div>
  );
}
