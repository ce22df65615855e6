// The Health tab: a hub listing the parts of the patient's health record (each its own page, registered
// in areas.tsx with `hub: 'health'` so this tab stays highlighted there). Medications have their own tab.
import { Group, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { IconBuildingHospital, IconChevronRight, IconClipboardHeart, IconFlask, IconMoodSick, IconNotes } from '@tabler/icons-react';
import { Link } from 'react-router';

const SECTIONS = [
  {
    to: '/portal/records',
    title: 'From your clinic',
    text: 'Results, prescriptions, notes and visits your clinic shared with you',
    icon: IconBuildingHospital,
  },
  { to: '/portal/labs', title: 'Lab results', text: 'Your test results and how they changed', icon: IconFlask },
  { to: '/portal/symptoms', title: 'Symptoms', text: 'How you felt, and when', icon: IconMoodSick },
  { to: '/portal/history', title: 'Medical history', text: 'Conditions, allergies and procedures', icon: IconNotes },
  { to: '/portal/care-plans', title: 'Care plans', text: 'Your goals and the steps to reach them', icon: IconClipboardHeart },
];

export default function HealthHub() {
  return (
    <Stack>
      <Title order={2}>Health</Title>
      <Text size="sm" c="dimmed">
        Your health record in one place. Add what you know; what your clinic records shows here too.
      </Text>
      <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
        {SECTIONS.map((s) => (
          <li key={s.to}>
            <UnstyledButton
              component={Link}
              to={s.to}
              p="md"
              w="100%"
              mih={72}
              bg="white"
              style={{ display: 'block', borderRadius: 'var(--mantine-radius-lg)', border: '1px solid var(--mantine-color-gray-3)' }}
            >
              <Group wrap="nowrap" gap="md">
                <ThemeIcon size={44} radius="md" variant="light" aria-hidden="true">
                  <s.icon size={24} stroke={1.7} />
                </ThemeIcon>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Text fw={600}>{s.title}</Text>
                  <Text size="sm" c="dimmed">
                    {s.text}
                  </Text>
                </div>
                <IconChevronRight size={20} aria-hidden="true" />
              </Group>
            </UnstyledButton>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}
