// /api/appointments (003) and, through practices.routes.ts, /api/practices. Thin: parse, authorize, call, present.
import type { DomainModule } from '..';
import { actorOf } from '../../platform/auth/guard';
import { ifMatchVersion, setEtag } from '../../platform/http';
import { idParams, ifMatchHeaders } from '../../../shared/schemas/common';
import {
  appointmentBody,
  appointmentItem,
  appointmentPage,
  appointmentPatch,
  listAppointmentsQuery,
} from '../../../shared/schemas/appointments';
import { mediaResponse } from '../../../shared/schemas/media';
import { problems } from '../../../shared/schemas/problem';
import * as service from './appointments.service';
import { presentAppointment } from './appointments.presenter';
import { practiceRoutes } from './practices.routes';

const read = { permission: { resource: 'appointments', action: 'read' } } as const;
const write = { permission: { resource: 'appointments', action: 'write' } } as const;
const del = { permission: { resource: 'appointments', action: 'delete' } } as const;
const tags = ['appointments'];

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
          response: { 200: appointmentPage, ...problems(400, 401, 403) },
        },
      },
      async (req) => service.listAppointments(db(), actorOf(req), req.query),
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
        const a = await service.getAppointment(db(), actorOf(req), req.params.id);
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
        const { id, ics } = await service.appointmentCalendar(db(), actorOf(req), req.params.id);
        return reply
          .header('content-type', 'text/calendar; charset=utf-8')
          .header('content-disposition', `attachment; filename="appointment-${id}.ics"`)
          .send(ics);
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
          headers: ifMatchHeaders,
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

    await practiceRoutes(app);
  },
};
