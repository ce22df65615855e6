import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, pageOf, pageResult, setEtag } from '../../platform/http';
import { idParams, paginated } from '../../../shared/schemas/common';
import {
  appointmentBody,
  appointmentItem,
  appointmentPatch,
  listAppointmentsQuery,
  listPracticesQuery,
  practiceBody,
  practiceItem,
  practicePatch,
} from '../../../shared/schemas/appointments';
import { listAppointments, listPractices, type AppointmentRow } from './appointments.queries';
import { appointmentIcs } from './appointments.ics';
import * as service from './appointments.service';
import { recordAccess } from '../../platform/access-log';
import type { practices } from '../../db/schema';
import { mediaResponse } from '../../../shared/schemas/media';
import { problems } from '../../../shared/schemas/problem';

const read = { permission: { resource: 'appointments', action: 'read' } } as const;
const write = { permission: { resource: 'appointments', action: 'write' } } as const;
const del = { permission: { resource: 'appointments', action: 'delete' } } as const;
const tags = ['appointments'];

export function presentAppointment(a: AppointmentRow) {
  return {
    id: a.id,
    patient_id: a.patientId,
    patient_name: a.patientName,
    clinician_user_id: a.clinicianUserId,
    clinician_name: a.clinicianName,
    staff_user_id: a.staffUserId,
    staff_name: a.staffName,
    practice_id: a.practiceId,
    practice_name: a.practiceName,
    title: a.title,
    starts_at: a.startsAt.toISOString(),
    ends_at: a.endsAt.toISOString(),
    mode: a.mode as 'virtual',
    status: a.status as 'scheduled',
    notes: a.notes,
    version: a.version,
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}

const presentPractice = (p: typeof practices.$inferSelect) => ({
  id: p.id,
  name: p.name,
  address: p.address,
  timezone: p.timezone,
  phone: p.phone,
  version: p.version,
  created_at: p.createdAt.toISOString(),
  updated_at: p.updatedAt.toISOString(),
});

export const appointmentsModule: DomainModule = {
  name: 'appointments',
  routes: async (app) => {
    const db = () => app.deps.database.db;

    app.get(
      '/api/appointments',
      {
        config: read,
        schema: {
          operationId: 'listAppointments',
          tags,
          summary: 'Appointments overlapping from/to (day and week calendars), with filters',
          querystring: listAppointmentsQuery,
          response: { 200: paginated(appointmentItem), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const q = req.query;
        const actor = actorOf(req);
        const { rows, total } = await listAppointments(
          db(),
          actor,
          {
            from: q.from,
            to: q.to,
            clinicianUserId: q.clinician_user_id,
            staffUserId: q.staff_user_id,
            patientId: q.patient_id,
            practiceId: q.practice_id,
            status: q.status,
            mode: q.mode,
          },
          { ...pageOf(q), sortOrder: q.sort_order },
        );
        // Appointments name their patients: a read of their data (SECURITY.md rule 7).
        await recordAccess(db(), actor, { action: 'list', resource: 'appointments', patientIds: rows.map((r) => r.patientId) });
        return pageResult(rows.map(presentAppointment), total, q);
      },
    );

    app.post(
      '/api/appointments',
      {
        config: write,
        schema: {
          operationId: 'createAppointment',
          tags,
          summary: 'Book an appointment (409 when the clinician is already booked then); emits APPOINTMENT_BOOKED',
          body: appointmentBody,
          response: { 201: appointmentItem, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const a = await service.createAppointment(db(), actorOf(req), req.body);
        setEtag(reply, a.version);
        return reply.status(201).send(presentAppointment(a));
      },
    );

    app.get(
      '/api/appointments/:id',
      {
        config: read,
        schema: {
          operationId: 'getAppointment',
          summary: 'An appointment',
          tags,
          params: idParams,
          response: { 200: appointmentItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const a = await service.getAppointment(db(), actor, req.params.id);
        await recordAccess(db(), actor, { action: 'read', resource: 'appointments', recordId: a.id, patientIds: [a.patientId] });
        setEtag(reply, a.version);
        return presentAppointment(a);
      },
    );

    app.get(
      '/api/appointments/:id/ics',
      {
        config: read,
        schema: {
          operationId: 'getAppointmentIcs',
          tags,
          summary: 'Download as iCalendar (text/calendar)',
          params: idParams,
          response: {
            200: mediaResponse('The appointment as an iCalendar file (attachment appointment-<id>.ics)', 'text/calendar'),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const a = await service.getAppointment(db(), actor, req.params.id);
        await recordAccess(db(), actor, { action: 'export', resource: 'appointments', recordId: a.id, patientIds: [a.patientId] });
        return reply
          .header('content-type', 'text/calendar; charset=utf-8')
          .header('content-disposition', `attachment; filename="appointment-${a.id}.ics"`)
          .send(appointmentIcs(a));
      },
    );

    app.patch(
      '/api/appointments/:id',
      {
        config: write,
        schema: {
          operationId: 'updateAppointment',
          tags,
          summary: 'Reschedule or change status (completed emits APPOINTMENT_COMPLETED; 422 off the status graph)',
          params: idParams,
          body: appointmentPatch,
          response: { 200: appointmentItem, ...problems(400, 401, 403, 404, 409, 412, 422) },
        },
      },
      async (req, reply) => {
        const a = await service.updateAppointment(db(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
        setEtag(reply, a.version);
        return presentAppointment(a);
      },
    );

    app.delete(
      '/api/appointments/:id',
      {
        config: del,
        schema: {
          operationId: 'deleteAppointment',
          tags,
          summary: 'Soft delete (cancel with PATCH status=cancelled instead to keep it visible)',
          params: idParams,
          response: { 200: appointmentItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => presentAppointment(await service.deleteAppointment(db(), actorOf(req), req.params.id)),
    );

    // Practices: read by whoever reads appointments, managed by admins and managers.
    const ptags = ['practices'];
    app.get(
      '/api/practices',
      {
        config: read,
        schema: {
          operationId: 'listPractices',
          summary: 'List practices (search)',
          tags: ptags,
          querystring: listPracticesQuery,
          response: { 200: paginated(practiceItem), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const { rows, total } = await listPractices(db(), actorOf(req).orgId, req.query.search, pageOf(req.query));
        return pageResult(rows.map(presentPractice), total, req.query);
      },
    );
    app.post(
      '/api/practices',
      {
        config: del,
        schema: {
          operationId: 'createPractice',
          summary: 'Create a practice',
          tags: ptags,
          body: practiceBody,
          response: { 201: practiceItem, ...problems(400, 401, 403) },
        },
      },
      async (req, reply) => reply.status(201).send(presentPractice(await service.createPractice(db(), actorOf(req), req.body))),
    );
    app.get(
      '/api/practices/:id',
      {
        config: read,
        schema: {
          operationId: 'getPractice',
          summary: 'A practice',
          tags: ptags,
          params: idParams,
          response: { 200: practiceItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => presentPractice(await service.getPractice(db(), actorOf(req).orgId, req.params.id)),
    );
    app.patch(
      '/api/practices/:id',
      {
        config: del,
        schema: {
          operationId: 'updatePractice',
          summary: 'Update a practice (If-Match: its ETag)',
          tags: ptags,
          params: idParams,
          body: practicePatch,
          response: { 200: practiceItem, ...problems(400, 401, 403, 404, 412) },
        },
      },
      async (req, reply) => {
        const p = await service.updatePractice(db(), actorOf(req), req.params.id, req.body, ifMatchVersion(req));
        setEtag(reply, p.version);
        return presentPractice(p);
      },
    );
    app.delete(
      '/api/practices/:id',
      {
        config: del,
        schema: {
          operationId: 'deletePractice',
          tags: ptags,
          summary: 'Soft delete',
          params: idParams,
          response: { 200: practiceItem, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => presentPractice(await service.deletePractice(db(), actorOf(req), req.params.id)),
    );
  },
};
