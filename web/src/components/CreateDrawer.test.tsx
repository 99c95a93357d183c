import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Form, Input } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { translate } from '../i18n/messages';
import { renderWithProviders } from '../test/render';
import { CreateDrawer, type CreatedStep } from './CreateDrawer';

function NewThing({ onSave, created }: { onSave: (values: { name?: string }) => Promise<void>; created?: CreatedStep }) {
  const [form] = Form.useForm<{ name?: string }>();
  return (
    <CreateDrawer title="New thing" width={480} testId="thing-drawer" form={form} onSave={onSave} onClose={vi.fn()} submitTestId="thing-submit" created={created}>
      <Form.Item name="name" label="Name">
        <Input data-testid="thing-name" />
      </Form.Item>
    </CreateDrawer>
  );
}

describe('CreateDrawer', () => {
  it('saves the typed values and puts the server’s field problems beside their fields', async () => {
    const refused = new ApiError(422, {
      status: 422,
      code: 'validation_failed',
      detail: 'Some fields are not right.',
      errors: [{ field: 'name', code: 'too_long', message: 'The name is too long' }],
    });
    const onSave = vi.fn().mockRejectedValueOnce(refused).mockResolvedValueOnce(undefined);
    renderWithProviders(<NewThing onSave={onSave} />);

    fireEvent.change(await screen.findByTestId('thing-name'), { target: { value: 'Gadget' } });
    fireEvent.click(screen.getByTestId('thing-submit'));
    expect(await screen.findByText('The name is too long')).toBeTruthy();
    expect(onSave).toHaveBeenCalledWith({ name: 'Gadget' });
    expect(screen.getByText(translate('en-US', 'common.create'))).toBeTruthy();
    expect(screen.getByText(translate('en-US', 'common.cancel'))).toBeTruthy();

    fireEvent.click(screen.getByTestId('thing-submit'));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(2));
  });

  it('shows what was made, with Close and a button to open it, once saved', async () => {
    const onOpen = vi.fn();
    renderWithProviders(
      <NewThing
        onSave={vi.fn()}
        created={{ testId: 'thing-created', title: 'Created', name: 'Gadget', openText: 'Open it', openTestId: 'thing-open', onOpen }}
      />,
    );
    expect((await screen.findByTestId('thing-created')).textContent).toContain('Gadget');
    expect(screen.queryByTestId('thing-name')).toBeNull();
    expect(screen.getByText(translate('en-US', 'common.close'))).toBeTruthy();
    fireEvent.click(screen.getByTestId('thing-open'));
    expect(onOpen).toHaveBeenCalled();
  });
});
