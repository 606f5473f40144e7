'use client';

import { useEffect } from 'react';

/**
 * Runs the real widget on this page with the workspace's widget key (the dashboard's origin is one
 * of the key's allowed origins). Re-created when `version` changes, so a saved theme shows at once.
 */
export function WidgetPreview({ apiUrl, widgetKey, version }: { apiUrl: string; widgetKey: string; version: string }) {
  useEffect(() => {
    const w = window as unknown as { cairnChat?: unknown };
    const script = document.createElement('script');
    script.src = `${apiUrl}/widget.js`;
    script.async = true;
    script.setAttribute('data-key', widgetKey);
    document.body.append(script);
    return () => {
      script.remove();
      document.querySelectorAll('[data-cairn-chat]').forEach((el) => el.remove());
      delete w.cairnChat;
    };
  }, [apiUrl, widgetKey, version]);
  return null;
}
