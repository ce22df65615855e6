// The local mail outbox: what the product emailed (invitations, confirmations), readable without SMTP.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Accordion, Badge, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Pager } from '../../components/DataTable';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states';
import { emailKeys, emailService, type EmailsListParams } from './api';

const PAGE_SIZE = 25;

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
          Every email the product sends. Without an SMTP server (SMTP_URL) emails are only stored here, so invitation links can be passed on
          by hand.
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
                      <Badge variant="light" color={e.status === 'sent' ? 'teal' : e.status === 'failed' ? 'red' : 'gray'}>
                        {e.status}
                      </Badge>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                      {e.body}
                    </Text>
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
