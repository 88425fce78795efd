/**
 * Messaging: a message from a manager, a communicator or the service itself, into each recipient's
 * inbox and onto their phones, at a time their availability allows.
 *
 * <h2>The life of a message</h2>
 *
 * <ol>
 *   <li><b>Route.</b> {@code POST /api/v1/messages} reaches {@link
 *       se.tjanstemobil.messaging.MessageSending}: a replay of an earlier Idempotency-Key answers
 *       as the first request did; otherwise {@link se.tjanstemobil.messaging.SendPolicy} decides
 *       who may send what to whom and when (pure rules), and the units, employees and hubs named
 *       are looked up ({@link se.tjanstemobil.messaging.AudienceLookups}, reads of other features'
 *       tables).
 *   <li><b>One transaction.</b> {@code MessageSending.Send} counts the sender's URGENT messages
 *       under a lock, inserts the message ({@link se.tjanstemobil.messaging.MessageStore}), asks
 *       {@code availability.Reachability} for everyone's plan at the send time (the audience
 *       resolved inside that query), and refuses an empty audience.
 *   <li><b>Outbox rows.</b> {@link se.tjanstemobil.messaging.Outbox#enqueue} writes, in one
 *       set-based statement, one inbox entry per recipient and one {@code deliveries} row per
 *       active phone of those who get a push: PENDING when they may be pushed now, HELD with the
 *       start of their next working time as due time (or none, when no working time is known).
 *       Break-throughs of an URGENT message are logged, the recipient count set, and {@link
 *       se.tjanstemobil.messaging.Outbox#wakeOnCommit} sends a NOTIFY that wakes every instance's
 *       worker when the transaction commits. Notices ({@link se.tjanstemobil.messaging.Notices},
 *       for hubs and agreements) and reminders take the same way through the outbox.
 *   <li><b>Held release.</b> The {@code held-release} job ({@link
 *       se.tjanstemobil.messaging.HeldRelease}) runs {@link
 *       se.tjanstemobil.messaging.Outbox#releaseHeld}: due HELD rows become PENDING, several to one
 *       phone one DIGEST, expired ones EXPIRED; a change of availability moves held rows instead
 *       ({@link se.tjanstemobil.messaging.HeldReschedule}).
 *   <li><b>Worker.</b> {@link se.tjanstemobil.messaging.DeliveryWorker} (a verticle, woken by the
 *       NOTIFY and a poll) takes due ids with {@link se.tjanstemobil.messaging.Outbox#due}, claims
 *       them with a lease ({@link se.tjanstemobil.messaging.Outbox#claim}, SKIP LOCKED-safe across
 *       instances), keeps to its share of the FCM quota, and sends the batch.
 *   <li><b>FCM.</b> {@code push.FcmGateway} sends through the Firebase Admin SDK; the worker
 *       classifies each answer (sent, dead token, rejected, retry with backoff, quota pause,
 *       configuration error) and writes them with {@link
 *       se.tjanstemobil.messaging.Outbox.Results#record}: a sent push marks the inbox entries it
 *       reached delivered, a dead token is dropped by the devices feature.
 *   <li><b>Inbox.</b> The app reads its entries ({@link se.tjanstemobil.messaging.InboxRoutes} over
 *       {@link se.tjanstemobil.messaging.InboxStore}, visible by the server's clock); the {@code
 *       inbox-announcer} job ({@link se.tjanstemobil.messaging.InboxAnnouncer}) marks each message
 *       announced once its send time has come and publishes a {@code message} event to the open
 *       event streams.
 *   <li><b>Follow-up.</b> The sender's list, figures and recipients ({@link
 *       se.tjanstemobil.messaging.MessageFollowUp} over the stores, JSON in {@link
 *       se.tjanstemobil.messaging.MessageJson}); a reminder goes through the outbox like the
 *       message.
 *   <li><b>Retention.</b> {@code privacy.Retention} deletes finished deliveries ({@link
 *       se.tjanstemobil.messaging.Outbox#purgeFinished}, the outbox being the one writer of {@code
 *       deliveries}), then inbox entries, then messages nobody holds any more ({@link
 *       se.tjanstemobil.messaging.MessagePurges}).
 * </ol>
 */
package se.tjanstemobil.messaging;
