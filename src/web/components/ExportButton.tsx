// Exports the list as CSV with the filters currently applied; shows progress while it streams.
import { useState } from 'react';
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { download, toQueryString, type Query } from '../api/client';
import { errorMessage } from './states';

export function ExportButton({
  url,
  query,
  filename,
  label = 'Export CSV',
}: {
  url: string;
  query: Query;
  filename: string;
  label?: string;
}) {
  const [bytes, setBytes] = useState<number | null>(null);
  const run = async () => {
    setBytes(0);
    try {
      const n = await download(url + toQueryString(query), undefined, filename, setBytes);
      notifications.show({ color: 'teal', message: `Exported ${filename} (${Math.max(1, Math.round(n / 1024))} KB)` });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Export failed', message: errorMessage(err) });
    } finally {
      setBytes(null);
    }
  };
  return (
    <Button
      variant="default"
      leftSection={<IconDownload size={16} />}
      loading={bytes !== null}
      loaderProps={{ type: 'dots' }}
      onClick={run}
    >
      {bytes ? `${Math.round(bytes / 1024)} KB…` : label}
    </Button>
  );
}
