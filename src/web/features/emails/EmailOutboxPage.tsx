// The in-app mailbox: what the product emailed (invitations, confirmations), its delivery status, and
// each email as text and as HTML. Single-use links arrive hidden unless the server allows them.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Accordion, Alert, Badge, Group, Paper, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import { emailKeys, emailService, type EmailItem, type EmailsListParams } from './api';

const PAGE_SIZE = 25;

const STATUS: Record<EmailItem['status'], { color: string; label: string }> = {
  stored: { color: 'gray', label: 'stored (no SMTP)' },
  pending: { color: 'yellow', label: 'pending' },
  sending: { color: 'blue', label: 'sending' },
  sent: { color: 'teal', label: 'sent' },
  failed: { color: 'red', label: 'failed' },
};

function EmailDetail({ e }: { e: EmailItem }) {
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        {e.sent_at ? `Sent ${new Date(e.sent_at).toLocaleString()}` : STATUS[e.status].label}
        {e.attempts > 0 ? ` · ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}` : ''}
        {e.template ? ` · template ${e.template}` : ''}
      </Text>
      {e.last_error && (
        <Alert color={e.status === 'failed' ? 'red' : 'yellow'} title={e.status === 'failed' ? 'Delivery failed' : 'Last attempt failed'}>
          {e.last_error}
        </Alert>
      )}
      {e.links_hidden && (
        <Alert color="gray" title="Link hidden">
          This email carries a link that signs someone in. It is never shown to staff: the recipient receives it by email (SMTP_URL).
        </Alert>
      )}
      <Tabs defaultValue="text" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="text">Text</Tabs.Tab>
          {e.html && <Tabs.Tab value="html">HTML</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="text" pt="xs">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {e.body}
          </Text>
        </Tabs.Panel>
        {e.html && (
          <Tabs.Panel value="html" pt="xs">
            {/* sandbox without allow-scripts or allow-same-origin: the email's HTML runs nothing and reaches nothing. */}
            <iframe
              title={`HTML of ${e.subject}`}
              sandbox=""
              srcDoc={e.html}
              style={{ width: '100%', height: 480, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}
            />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

export default function EmailOutboxPage() {
  const [to, setTo] = useState('');
  const [page, setPage] = useState(1);
  const [debounced] = useDebouncedValue(to, 250);
  const params: EmailsListParams = { to: debounced || undefined, page, page_size: PAGE_SIZE };
  const q = useQuery({
    queryKey: emailKeys.list(params),
    queryFn: () => emailService.list(params),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <div>
        <Title order={2}>Email outbox</Title>
        <Text size="sm" c="dimmed">
          Every email the product sends, with its delivery status. Without an SMTP server (SMTP_URL) emails are only stored here; links that
          sign someone in are then hidden, except on the demo.
        </Text>
      </div>
      <Paper withBorder p="sm">
        <TextInput
          label="Recipient"
          placeholder="Search by address"
          value={to}
          onChange={(e) => {
            setTo(e.currentTarget.value);
            setPage(1);
          }}
          w={320}
        />
      </Paper>
      <Paper withBorder p="sm">
        {q.isLoading ? (
          <TableSkeleton rows={5} cols={3} />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => q.refetch()} what="emails" />
        ) : q.data!.items.length === 0 ? (
          <EmptyState title={debounced ? 'No emails to this address' : 'No emails yet'}>
            Invitations and confirmations appear here when they are sent.
          </EmptyState>
        ) : (
          <>
            <Accordion variant="separated" chevronPosition="left">
              {q.data!.items.map((e) => (
                <Accordion.Item key={e.id} value={e.id}>
                  <Accordion.Control aria-label={`${e.subject} to ${e.to_address}`}>
                    <Group justify="space-between" wrap="nowrap">
                      <div style={{ minWidth: 0 }}>
                        <Text size="sm" fw={600} truncate>
                          {e.subject}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {e.to_address} · {new Date(e.created_at).toLocaleString()}
                        </Text>
                      </div>
                      <Group gap={4} wrap="nowrap">
                        {e.links_hidden && (
                          <Badge variant="outline" color="gray">
                            link hidden
                          </Badge>
                        )}
                        <Badge variant="light" color={STATUS[e.status].color}>
                          {STATUS[e.status].label}
                        </Badge>
                      </Group>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <EmailDetail e={e} />
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
            <Pager page={page} pageSize={PAGE_SIZE} total={q.data!.total_count} onPage={setPage} />
          </>
        )}
      </Paper>
    </Stack>
  );
}
