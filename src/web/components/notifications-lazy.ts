// Mantine's notifications host on its own, for main.tsx's lazy import: importing it from
// '@mantine/notifications' there would put it in the first load (the store is imported statically).
export { Notifications } from '@mantine/notifications';
