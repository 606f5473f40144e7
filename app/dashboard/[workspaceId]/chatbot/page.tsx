import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { CodeBlock } from '@/components/ui/code-block';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass } from '@/components/ui/styles';
import { env } from '@/services/config/env';
import { getChatSettings } from '@/services/chat/get-chat-settings';
import { hasRole } from '@/services/workspaces/roles';
import { setIdentityAction } from './actions';
import { SitesForm } from './sites-form';
import { ThemeForm } from './theme-form';
import { WidgetPreview } from './widget-preview';

export const metadata: Metadata = { title: 'Chat widget' };

export default async function ChatbotPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace, role } = await requireWorkspacePage(workspaceId);
  const canManage = hasRole(role, 'admin');
  const settings = await getChatSettings(workspace.id);
  const { PUBLIC_API_URL: apiUrl, PUBLIC_WEB_URL: webUrl } = env();
  const key = settings.widgetKey;
  const snippet = `<script src="${apiUrl}/widget.js" data-key="${key?.key ?? 'pk_live_…'}" async></script>`;
  const identitySnippet = `<script src="${apiUrl}/widget.js" data-key="${key?.key ?? 'pk_live_…'}"
        data-user-id="USER_ID" data-user-hash="HMAC_SHA256_HEX" async></script>

// On your server (Node.js), for the signed-in user:
const hash = crypto.createHmac('sha256', process.env.CAIRN_IDENTITY_SECRET).update(userId).digest('hex');`;

  return (
    <>
      <PageHeader
        title="Chat widget"
        description="One script tag adds the assistant to your site: a chat bubble that answers from your knowledge base, suggests products and hands over to your team."
        actions={key ? <Badge tone="brand">Live preview on this page: bottom {settings.position}</Badge> : undefined}
      />
      {key ? <WidgetPreview apiUrl={apiUrl} widgetKey={key.key} version={`${settings.title}|${settings.greeting}|${settings.color}|${settings.position}`} /> : null}
      <div className="space-y-8">
        <Section title="Embed it" description="Paste before </body> on every page of your site.">
          <div className="space-y-4 p-5">
            {key ? (
              <CodeBlock value={snippet} testId="widget-snippet" />
            ) : (
              <Alert tone="info">Add your sites below to create the widget key; the snippet appears here.</Alert>
            )}
            <p className="text-sm text-stone-600">
              The widget is about 4 KB gzipped, lives in a Shadow DOM (your CSS cannot break it, its CSS cannot leak into your page) and
              works with the keyboard and on phones.
            </p>
          </div>
        </Section>
        <Section title="Allowed sites" description="The widget key is a publishable key: it works only from these origins.">
          <SitesForm workspaceId={workspace.id} origins={key?.allowedOrigins ?? []} dashboardOrigin={webUrl} hasKey={!!key} disabled={!canManage} />
        </Section>
        <Section title="Theme" description="Title, greeting, colour and position; the widget reads them when a page loads.">
          <ThemeForm workspaceId={workspace.id} settings={settings} disabled={!canManage} />
        </Section>
        <Section
          title="Identity verification"
          description="Without it, anyone can type any user id into a browser. With it, the widget sends the signed-in user's id with an HMAC your server computes, and the api refuses ids that do not match."
        >
          <div className="space-y-4 p-5">
            {settings.identitySecret ? (
              <>
                <Alert tone="success" title="On">
                  Identity secret (keep it on your server):{' '}
                  <code className="font-mono break-all" data-testid="identity-secret">{canManage ? settings.identitySecret : '••••••••'}</code>
                </Alert>
                <CodeBlock value={identitySnippet} />
              </>
            ) : (
              <p className="text-sm text-stone-600">Off: user ids sent from browsers are kept but marked unverified.</p>
            )}
            {canManage ? (
              <div className="flex gap-2">
                <form action={setIdentityAction.bind(null, workspace.id, true)}>
                  <button type="submit" className={buttonClass(settings.identitySecret ? 'secondary' : 'primary', 'sm')} data-testid="identity-on">
                    {settings.identitySecret ? 'Rotate the secret' : 'Turn on'}
                  </button>
                </form>
                {settings.identitySecret ? (
                  <form action={setIdentityAction.bind(null, workspace.id, false)}>
                    <button type="submit" className={buttonClass('ghost', 'sm')}>Turn off</button>
                  </form>
                ) : null}
              </div>
            ) : null}
          </div>
        </Section>
      </div>
    </>
  );
}
