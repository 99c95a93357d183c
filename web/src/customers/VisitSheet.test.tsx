import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { mapLink } from './CustomerTimeline';
import { locateFailure, locationText, VisitSheet } from './VisitSheet';

describe('locations', () => {
  it('writes a position as "lat,lng" and links coordinates to a map', () => {
    expect(locationText({ lat: 31.2304123, lng: 121.4737456 })).toBe('31.23041,121.47375');
    expect(mapLink('31.23041,121.47375')).toBe('https://uri.amap.com/marker?position=121.47375,31.23041&coordinate=wgs84');
    expect(mapLink('上海市浦东新区')).toBeNull();
    expect(mapLink('91,10')).toBeNull();
    expect(locateFailure({ code: 1 })).toBe('visit.location.denied');
    expect(locateFailure(new Error('unsupported'))).toBe('visit.location.unsupported');
  });
});

describe('VisitSheet', () => {
  it('comes with the subject filled in and logs a visit with the place and the position beside it', async () => {
    const getCurrentPosition = vi.fn((ok: PositionCallback) =>
      ok({ coords: { latitude: 31.2304, longitude: 121.4737, accuracy: 12 } } as GeolocationPosition),
    );
    vi.stubGlobal('navigator', { ...navigator, geolocation: { getCurrentPosition } });
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) =>
      new Response(JSON.stringify({ id: 'a1', kind: 'visit', ...JSON.parse(String(init?.body)) }), {
        status: 201,
        headers: { 'content-type': 'application/json' },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onLogged = vi.fn();
    renderWithProviders(
      <VisitSheet open phone={false} customerId="c1" customerName="星云科技" onClose={vi.fn()} onLogged={onLogged} />,
      'zh-CN',
    );
    const subject = (await screen.findByTestId('visit-subject')) as HTMLInputElement;
    expect(subject.value).toBe('拜访 星云科技');
    fireEvent.click(screen.getByTestId('visit-location-switch'));
    // The position is shown and kept; the place is the rep's to name.
    await waitFor(() => expect(screen.getByTestId('visit-location-status').textContent).toContain('31.23040,121.47370'));
    const place = screen.getByTestId('visit-location') as HTMLInputElement;
    expect(place.value).toBe('');
    fireEvent.change(place, { target: { value: '客户总部 3 楼' } });
    fireEvent.click(screen.getByTestId('visit-save'));
    await waitFor(() => expect(onLogged).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/activities');
    expect(JSON.parse(String(init?.body))).toEqual({
      kind: 'visit',
      subject: '拜访 星云科技',
      customer_id: 'c1',
      location: '客户总部 3 楼',
      coordinates: '31.23040,121.47370',
    });
  });

  it('keeps a subject the user wrote when the kind changes', async () => {
    renderWithProviders(<VisitSheet open phone={false} customerId="c1" customerName="Acme" onClose={vi.fn()} onLogged={vi.fn()} />);
    const subject = (await screen.findByTestId('visit-subject')) as HTMLInputElement;
    expect(subject.value).toBe('Visit Acme');
    fireEvent.click(screen.getByTestId('visit-kind-call'));
    await waitFor(() => expect(subject.value).toBe('Call Acme'));
    fireEvent.change(subject, { target: { value: 'Quarterly review' } });
    fireEvent.click(screen.getByTestId('visit-kind-visit'));
    expect(subject.value).toBe('Quarterly review');
  });

  it('logs on an opportunity instead of its customer when given one', async () => {
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) =>
      new Response(JSON.stringify({ id: 'a2', ...JSON.parse(String(init?.body)) }), {
        status: 201,
        headers: { 'content-type': 'application/json' },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onLogged = vi.fn();
    renderWithProviders(
      <VisitSheet open phone customerId="c1" customerName="Acme" opportunityId="o1" initialKind="call" onClose={vi.fn()} onLogged={onLogged} />,
    );
    fireEvent.change(await screen.findByTestId('visit-body'), { target: { value: 'Budget agreed' } });
    fireEvent.click(screen.getByTestId('visit-save'));
    await waitFor(() => expect(onLogged).toHaveBeenCalled());
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toEqual({
      kind: 'call',
      subject: 'Call Acme',
      opportunity_id: 'o1',
      body: 'Budget agreed',
    });
  });
});
