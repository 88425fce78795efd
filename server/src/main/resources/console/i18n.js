// Every text of the console in Swedish (the default) and English, and the label of every code
// the API returns (categories, priorities, roles, statuses, rule keys, features, reasons, audit
// actions, problem types). A text or label asked for that a language lacks is recorded in
// missingTexts, which the browser tests read: none may be missing in either language.

import { session } from './session.js';

/** One-count and other-count forms: {one, other}, chosen by the parameter n. */
const TEXTS = {
  sv: {
    brand: 'Tjänstemobil', skipToContent: 'Hoppa till innehållet', mainMenu: 'Huvudmeny',
    otherLanguage: 'English', otherLanguageLabel: 'Byt språk till engelska', signOut: 'Logga ut',
    signInTitle: 'Logga in', signIn: 'Logga in', signInOidc: 'Logga in med regionens konto', demoPeople: 'Logga in som en demoperson',
    externalId: 'Anställnings-id (HSA-id)', employeeRole: 'medarbetare', signedOut: 'Du är utloggad. Logga in igen.',
    loading: 'Laddar…', working: 'Arbetar…', refused: 'Du har inte behörighet till den här sidan.',
    refusedNeeds: 'Sidan är för: {roles}.', none: 'Inget att visa.', yes: 'Ja', no: 'Nej', cancelAction: 'Avbryt', remove: 'Ta bort',
    show: 'Visa', nextPage: 'Nästa sida', firstPage: 'Till första sidan', andMore: 'och {n} till.', theService: 'Tjänsten',
    noneGiven: 'Inget angivet', days: { one: '{n} dag', other: '{n} dagar' },
    crisisBanner: 'Krisläge:', crisisDeclaredBy: 'infört av {name} {when}',

    navHome: 'Start', navCompose: 'Nytt meddelande', navSent: 'Skickade', navAgreements: 'Överenskommelser', navHubs: 'Hubbar',
    navHr: 'HR-uppföljning', navImport: 'Organisationsimport', navDevices: 'Telefoner', navAudit: 'Granskningslogg', navCrisis: 'Krisläge',
    navComposeHelp: 'skriv till dina enheter eller utvalda personer och se vem som nås nu', navSentHelp: 'följ läst och kvitterat, påminn',
    navAgreementsHelp: 'besluta om distansarbete', navHubsHelp: 'dagsvy, stängningar, beläggning och öppettider',
    navHrHelp: 'kontakter utanför arbetstid och överenskommelser per enhet', navImportHelp: 'läs in enheter och medarbetare från HR-systemet',
    navDevicesHelp: 'telefonregistret', navAuditHelp: 'vem gjorde vad', navCrisisHelp: 'inför eller avsluta krisläge',
    welcome: 'Välkommen, {name}', myRoles: 'Dina roller', noRoles: 'Du har inga roller i konsolen.', whatYouCanDo: 'Det här kan du göra',
    wholeOrganisation: 'hela organisationen',

    title: 'Rubrik', body: 'Text', bodyHelp: 'Pushen visar de första 240 tecknen.', category: 'Kategori', priority: 'Prioritet',
    urgentReason: 'Skäl för brådskande', urgentReasonHelp: 'Mottagarna ser skälet i sin logg över kontakter utanför arbetstid.',
    requiresAck: 'Kräver kvittens', sendAt: 'Skicka senare (lämna tomt för att skicka nu)', sendAtHelp: 'Tiden gäller i {zone}.',
    audience: 'Mottagare', includeSubunits: 'med underenheter', everyone: 'Alla medarbetare', hubDay: 'De som bokat en hubb en dag',
    noHub: 'Ingen hubb', date: 'Datum', choosePeople: 'Lägg till personer', choosePeopleHelp: 'Sök på namn bland medarbetarna i dina enheter.',
    chosenPeople: 'Valda personer:', addPerson: 'Lägg till {name}', removePerson: 'Ta bort {name}', nobodyFound: 'Ingen med det namnet.',
    preview: 'Förhandsvisning', previewNeedsText: 'Skriv rubrik och text (och skäl för brådskande) för att se vem som nås.',
    noAudience: 'Välj minst en mottagare.', previewUnavailable: 'Förhandsvisningen gick inte att hämta just nu.', send: 'Skicka',
    recipientsWord: { one: 'mottagare', other: 'mottagare' }, reachedNowWord: 'får det nu', heldWord: 'väntar',
    phonesWord: { one: 'telefon', other: 'telefoner' }, sendsAt: 'Skickas {when}.',
    heldUntil: { one: '{n} är ledig och får det {when}', other: '{n} är lediga och får det {when}' },
    withoutWorkingTime: { one: '{n} har ingen känd arbetstid och får det när en arbetstid registreras', other: '{n} har ingen känd arbetstid och får det när en arbetstid registreras' },
    previewWoken: { one: '{n} är ledig men nås nu, eftersom meddelandet är brådskande', other: '{n} är lediga men nås nu, eftersom meddelandet är brådskande' },
    urgentConfirmTitle: 'Skicka som brådskande?', urgentConfirmYes: 'Skicka brådskande',
    urgentConfirmWoken: { one: '{now} får meddelandet nu med ljud. {n} av dem är ledig och väcks nu.', other: '{now} får meddelandet nu med ljud. {n} av dem är lediga och väcks nu.' },
    urgentConfirmLogged: 'Kontakten utanför arbetstid loggas med ditt skäl, och mottagarna ser den i sin logg.',

    sentAt: 'Skickat', recipients: 'Mottagare', status: 'Status', cancelledAt: 'Avbrutet {when}', scheduled: 'Schemalagt', sentStatus: 'Skickat',
    noneSent: 'Du har inte skickat några meddelanden.', expiresAt: 'Gäller till', cancelled: 'Avbrutet', noAckAsked: 'Ingen kvittens begärd',
    progress: 'Hur det går', delivered: 'Levererat till telefon', heldStat: 'Väntar på arbetstid', expiredStat: 'Gick ut innan det nådde fram',
    read: 'Läst', acknowledged: 'Kvitterat', pendingExplained: { one: '{n} har ännu inte fått någon push: pushen är på väg, eller personen har ingen registrerad telefon (meddelandet finns i inkorgen).', other: '{n} har ännu inte fått någon push: pushen är på väg, eller de har ingen registrerad telefon (meddelandet finns i inkorgen).' },
    devicesFailed: { one: '{n} push kunde inte levereras.', other: '{n} pushar kunde inte levereras.' },
    remind: 'Påminn dem som inte kvitterat', cancelMessage: 'Avbryt det som inte gått ut',
    reminded: { one: 'Påminnelse till {n} person ({devices} telefoner).', other: 'Påminnelse till {n} personer ({devices} telefoner).' },
    remindedHeldNote: 'Tillgängligheten gäller: den som är ledig får påminnelsen när arbetstiden börjar.',
    confirmCancelTitle: 'Avbryta meddelandet?', confirmCancelBody: 'De som inte fått det än får det inte. Det som redan levererats ligger kvar.',
    perPerson: 'Per person', allRecipients: 'Alla mottagare', name: 'Namn', unit: 'Enhet', noUnit: 'Ingen enhet', heldUntilColumn: 'Väntar till',
    noWorkingTimeKnown: 'okänd arbetstid', notAsked: 'begärs inte', nobodyInFilter: 'Ingen i det urvalet.',

    agreementsToDecide: 'Överenskommelser att besluta ({n})', agreementsTitle: 'Överenskommelser', agreementStatusMenu: 'Överenskommelser efter status',
    noAgreements: 'Inga överenskommelser med den statusen.', period: 'Period', weekdays: 'Distansdagar', places: 'Arbetsplatser',
    sharePercent: '{n} % av veckan', submittedAt: 'Inskickad', endsEarly: 'Avslutas i förtid', openAgreement: 'Öppna {name}s överenskommelse',
    decisionComment: 'Kommentar till medarbetaren', decisionCommentHelp: 'Krävs när du avslår.', approve: 'Godkänn', reject: 'Avslå',
    agreementOf: 'Överenskommelse: {name}', backToList: 'Tillbaka till listan', employee: 'Medarbetare', tasks: 'Arbetsuppgifter',
    workingHours: 'Arbetstid', reachability: 'Nåbarhet', equipment: 'Utrustning', reviewDate: 'Uppföljning', noticeDays: 'Uppsägningstid',
    employeeComment: 'Medarbetarens kommentar', managerComment: 'Chefens kommentar', approver: 'Beslutsfattare', decidedAt: 'Beslutad',
    checklist: 'Checklista', confirmed: 'bekräftat', notConfirmed: 'inte bekräftat', decision: 'Beslut', document: 'Dokument',
    downloadPdf: 'Ladda ner överenskommelsen (PDF)', renewByEmployee: 'Medarbetaren förnyar överenskommelsen i appen; förnyelsen kommer hit för beslut.',
    history: 'Historik', when: 'När', change: 'Ändring', who: 'Vem', comment: 'Kommentar',
    terminateTitle: 'Avsluta i förtid', terminateHelp: 'Uppsägningstiden är {n} dagar: tidigast {date}.', endDate: 'Sista dag', reason: 'Skäl',
    terminate: 'Avsluta överenskommelsen', terminateConfirmTitle: 'Avsluta överenskommelsen?',
    terminateConfirmBody: '{name}s överenskommelse gäller till och med {date}. Medarbetaren får besked.', terminated: 'Överenskommelsen avslutas.',

    hubMenu: 'Hubben {name}', 'hubTab.day': 'Dagsvy', 'hubTab.closures': 'Stängningar', 'hubTab.occupancy': 'Beläggning', 'hubTab.settings': 'Öppettider och regler',
    hubZone: 'tider i {zone}', noHubs: 'Du administrerar inga hubbar.', closedInterval: 'Stängt {interval}: {reason}',
    cancelBookingOf: 'Avboka: {what}', closedAllDay: 'stängt hela dagen', openingHoursToday: 'Öppet {hours}', hoursInDay: 'dygnet har {n} timmar',
    bookingsCount: 'Bokningar', closedLegend: 'Stängt', noResources: 'Hubben har inga resurser.',
    cancelBookingTitle: 'Avboka {name}, {interval}', cancelReason: 'Skäl till avbokningen', cancelReasonHelp: 'Bokaren får veta skälet.', cancelBooking: 'Avboka',
    wholeHub: 'Hela hubben', resource: 'Resurs', start: 'Från', end: 'Till', cancelledBookings: 'Avbokade', closuresTitle: 'Stängningar',
    noClosures: 'Inga stängningar nu eller framåt.', addClosure: 'Lägg till stängning', timesInZone: 'Tiderna gäller i {zone}.',
    closureReasonHelp: 'Bokarna får veta skälet.', removeClosure: 'Ta bort', removeClosureOf: 'Ta bort stängningen {what}',
    reopenConfirmTitle: 'Ta bort stängningen?', reopenConfirmBody: 'Resursen går att boka igen. Avbokade bokningar förblir avbokade.',
    closureConfirmTitle: 'Stänga {what}?', closureConfirmPeriod: 'Från {from} till {to}.',
    closureCancels: { one: 'Stängningen avbokar {n} bokning. Bokaren får besked med skälet:', other: 'Stängningen avbokar {n} bokningar. Bokarna får besked med skälet:' },
    closureCancelsNone: 'Inga bokningar berörs.',
    from: 'Från', to: 'Till', occupancyTitle: 'Beläggning {from} – {to}', occupancyTotals: 'Beläggning {utilisation} · {booked} av {open} öppna timmar bokade · {noShows} uteblivna · {waitlist} på väntelistan',
    utilisationPercent: 'Beläggning (%)', noShows: 'Uteblivna', occupancyChart: 'Beläggning per dag', downloadCsv: 'Ladda ner CSV',
    occupancyPerDay: 'Per dag', openHours: 'Öppna timmar', bookedHours: 'Bokade timmar', utilisation: 'Beläggning', waitlist: 'Väntelista',
    openingHours: 'Öppettider', openingHoursHelp: 'Per veckodag, i {zone}. En stängningstid före öppningstiden betyder öppet över midnatt; 00:00–00:00 är dygnet runt.',
    closed: 'stängt', opensAt: '{day}, öppnar ({n})', closesAt: '{day}, stänger ({n})', removeHours: 'Ta bort tid {n} för {day}',
    addHours: 'Lägg till öppettid för {day}', saveHours: 'Spara öppettiderna', noChanges: 'Inga ändringar att spara.',
    hoursConfirmTitle: 'Ändra öppettiderna?', noBookingsOutside: 'Inga bokningar hamnar utanför de nya tiderna.',
    bookingsOutside: { one: '{n} bokning de närmaste {days} dagarna hamnar utanför de nya öppettiderna:', other: '{n} bokningar de närmaste {days} dagarna hamnar utanför de nya öppettiderna:' },
    cancelOutside: { one: 'Avboka den och meddela bokaren', other: 'Avboka dem och meddela bokarna' },
    cancelledByHoursReason: 'Hubbens öppettider har ändrats', hoursSaved: 'Öppettiderna är sparade.',
    bookingsCancelled: { one: '{n} bokning avbokad, bokaren har fått besked.', other: '{n} bokningar avbokade, bokarna har fått besked.' },
    rules: 'Bokningsregler', saveRules: 'Spara reglerna', rulesSaved: 'Reglerna är sparade.', resources: 'Resurser', kind: 'Typ',
    capacity: 'Platser', features: 'Utrustning', inUse: 'I bruk', outOfUse: 'Ur bruk', addResource: 'Lägg till resurs',

    hrMenu: 'HR-uppföljning', afterHoursTab: 'Utanför arbetstid', agreementsTab: 'Överenskommelser', month: 'Månad',
    afterHoursTitle: 'Utanför arbetstid, {month}', afterHoursTotals: '{messages} meddelanden · {held} fick vänta till sin arbetstid · {breakThroughs} nåddes utanför arbetstid',
    afterHoursHelp: 'Per mottagarnas enhet och avsändare; månaden räknas i {zone}.', afterHoursChart: 'Väntade och genombrott per avsändare',
    sender: 'Avsändare', messages: 'Meddelanden', heldCount: 'Väntade', breakThroughs: 'Nådda utanför arbetstid', breakThroughMessages: 'Brådskande meddelanden',
    noAfterHours: 'Inga meddelanden den månaden.', agreementsOverview: 'Överenskommelser per enhet, {date}', inForce: 'Gäller',
    expiring: 'Löper ut inom 30 dagar', pending: 'Att besluta', noOverview: 'Inga överenskommelser att visa.',

    importHelp: 'En JSON-fil från HR-systemet med enheter, medarbetare och roller. Samma fil två gånger ändrar ingenting.',
    importFile: 'Fil (JSON)', importRun: 'Importera', importDone: 'Importen är klar.',
    importDoneWithRejects: { one: 'Importen är klar, men {n} rad avvisades.', other: 'Importen är klar, men {n} rader avvisades.' },
    importUnits: 'Enheter', importEmployees: 'Medarbetare', importGrants: 'Roller', created: 'Nya', updated: 'Ändrade', unchanged: 'Oförändrade',
    moved: 'Flyttade', left: 'Slutat', granted: 'Tilldelade', revoked: 'Borttagna', rejectedRows: 'Avvisade rader', section: 'Del', row: 'Rad',
    externalIdShort: 'Id',

    allStatuses: 'Alla', onlyStale: 'Bara de som inte setts på 30 dagar', holder: 'Innehavare', phone: 'Telefon', appVersion: 'app {v}',
    stale: 'inte sedd på 30 dagar', lastSeen: 'Senast sedd', action: 'Åtgärd', unknownHolder: 'Okänd innehavare', noDevices: 'Inga telefoner i urvalet.',
    retire: 'Ta ur bruk', retireOf: 'Ta ur bruk {name}s telefon', retireReasonOf: 'Skäl för {name}s telefon', retireConfirmTitle: 'Ta telefonen ur bruk?',
    retireConfirmBody: '{name}s {phone} tas ur bruk ({reason}). Den får inga fler pushar, och det som väntade på den stryks.',

    allActions: 'Alla händelser', object: 'Gäller', details: 'Uppgifter', noAudit: 'Inga händelser i urvalet.',

    crisisOn: 'Krisläge råder', crisisOff: 'Inget krisläge', declaredBy: 'Infört av', endedBy: 'Avslutat av', since: 'Sedan', endedAt: 'Avslutat',
    crisisHelp: 'Under krisläge når brådskande meddelanden från krisledningen även den som är frånvarande. Varje ändring loggas.',
    crisisDeclare: 'Inför krisläge', crisisEnd: 'Avsluta krisläget', crisisReason: 'Skäl', crisisReasonHelp: 'Syns för alla som läser krisläget och i granskningsloggen.',
    crisisDeclareTitle: 'Införa krisläge?', crisisDeclareBody: 'Brådskande meddelanden från krisledningen når då även den som är ledig eller frånvarande.',
    crisisEndTitle: 'Avsluta krisläget?', crisisEndBody: 'Tillgängligheten gäller åter för alla meddelanden.',
  },
  en: {
    brand: 'Tjänstemobil', skipToContent: 'Skip to content', mainMenu: 'Main menu',
    otherLanguage: 'Svenska', otherLanguageLabel: 'Switch language to Swedish', signOut: 'Sign out',
    signInTitle: 'Sign in', signIn: 'Sign in', signInOidc: "Sign in with the region's account", demoPeople: 'Sign in as a demo person',
    externalId: 'Employee id (HSA-id)', employeeRole: 'employee', signedOut: 'You are signed out. Sign in again.',
    loading: 'Loading…', working: 'Working…', refused: 'You are not allowed to use this page.',
    refusedNeeds: 'This page is for: {roles}.', none: 'Nothing to show.', yes: 'Yes', no: 'No', cancelAction: 'Cancel', remove: 'Remove',
    show: 'Show', nextPage: 'Next page', firstPage: 'Back to the first page', andMore: 'and {n} more.', theService: 'The service',
    noneGiven: 'None given', days: { one: '{n} day', other: '{n} days' },
    crisisBanner: 'Crisis mode:', crisisDeclaredBy: 'declared by {name} {when}',

    navHome: 'Home', navCompose: 'New message', navSent: 'Sent', navAgreements: 'Agreements', navHubs: 'Hubs',
    navHr: 'HR follow-up', navImport: 'Organisation import', navDevices: 'Phones', navAudit: 'Audit log', navCrisis: 'Crisis mode',
    navComposeHelp: 'write to your units or chosen people and see who is reached now', navSentHelp: 'follow reads and acknowledgements, remind',
    navAgreementsHelp: 'decide on remote work', navHubsHelp: 'day view, closures, occupancy and opening hours',
    navHrHelp: 'contacts outside working hours and agreements per unit', navImportHelp: 'read units and employees from the HR system',
    navDevicesHelp: 'the phone register', navAuditHelp: 'who did what', navCrisisHelp: 'declare or end a crisis',
    welcome: 'Welcome, {name}', myRoles: 'Your roles', noRoles: 'You have no roles in the console.', whatYouCanDo: 'What you can do here',
    wholeOrganisation: 'the whole organisation',

    title: 'Title', body: 'Text', bodyHelp: 'The push shows the first 240 characters.', category: 'Category', priority: 'Priority',
    urgentReason: 'Reason for urgent', urgentReasonHelp: 'Recipients see the reason in their log of contacts outside working hours.',
    requiresAck: 'Requires acknowledgement', sendAt: 'Send later (leave empty to send now)', sendAtHelp: 'The time is in {zone}.',
    audience: 'Recipients', includeSubunits: 'with subunits', everyone: 'Everyone', hubDay: 'People booked at a hub on a day',
    noHub: 'No hub', date: 'Date', choosePeople: 'Add people', choosePeopleHelp: 'Search by name among the members of your units.',
    chosenPeople: 'Chosen people:', addPerson: 'Add {name}', removePerson: 'Remove {name}', nobodyFound: 'Nobody by that name.',
    preview: 'Preview', previewNeedsText: 'Write a title and a text (and a reason for urgent) to see who is reached.',
    noAudience: 'Choose at least one recipient.', previewUnavailable: 'The preview could not be fetched just now.', send: 'Send',
    recipientsWord: { one: 'recipient', other: 'recipients' }, reachedNowWord: 'get it now', heldWord: 'wait',
    phonesWord: { one: 'phone', other: 'phones' }, sendsAt: 'Sent {when}.',
    heldUntil: { one: '{n} is off and gets it {when}', other: '{n} are off and get it {when}' },
    withoutWorkingTime: { one: '{n} has no known working time and gets it once one is registered', other: '{n} have no known working time and get it once one is registered' },
    previewWoken: { one: '{n} is off but reached now, since the message is urgent', other: '{n} are off but reached now, since the message is urgent' },
    urgentConfirmTitle: 'Send as urgent?', urgentConfirmYes: 'Send urgent',
    urgentConfirmWoken: { one: '{now} get the message now, with sound. {n} of them is off duty and is woken now.', other: '{now} get the message now, with sound. {n} of them are off duty and are woken now.' },
    urgentConfirmLogged: 'The contact outside working hours is logged with your reason, and the recipients see it in their log.',

    sentAt: 'Sent', recipients: 'Recipients', status: 'Status', cancelledAt: 'Cancelled {when}', scheduled: 'Scheduled', sentStatus: 'Sent',
    noneSent: 'You have not sent any messages.', expiresAt: 'Valid until', cancelled: 'Cancelled', noAckAsked: 'No acknowledgement asked',
    progress: 'Progress', delivered: 'Delivered to a phone', heldStat: 'Waiting for working hours', expiredStat: 'Expired before it reached them',
    read: 'Read', acknowledged: 'Acknowledged', pendingExplained: { one: '{n} has had no push yet: it is on its way, or the person has no registered phone (the message is in the inbox).', other: '{n} have had no push yet: it is on its way, or they have no registered phone (the message is in the inbox).' },
    devicesFailed: { one: '{n} push could not be delivered.', other: '{n} pushes could not be delivered.' },
    remind: 'Remind those who have not acknowledged', cancelMessage: 'Cancel what has not gone out',
    reminded: { one: 'Reminder to {n} person ({devices} phones).', other: 'Reminder to {n} people ({devices} phones).' },
    remindedHeldNote: 'Availability applies: someone who is off gets the reminder when their working time starts.',
    confirmCancelTitle: 'Cancel the message?', confirmCancelBody: 'Those who have not got it yet will not. What was delivered stays.',
    perPerson: 'Per person', allRecipients: 'All recipients', name: 'Name', unit: 'Unit', noUnit: 'No unit', heldUntilColumn: 'Waiting until',
    noWorkingTimeKnown: 'working time unknown', notAsked: 'not asked', nobodyInFilter: 'Nobody in that selection.',

    agreementsToDecide: 'Agreements to decide ({n})', agreementsTitle: 'Agreements', agreementStatusMenu: 'Agreements by status',
    noAgreements: 'No agreements with that status.', period: 'Period', weekdays: 'Remote days', places: 'Places',
    sharePercent: '{n} % of the week', submittedAt: 'Submitted', endsEarly: 'Ends early', openAgreement: "Open {name}'s agreement",
    decisionComment: 'Comment to the employee', decisionCommentHelp: 'Required when you reject.', approve: 'Approve', reject: 'Reject',
    agreementOf: 'Agreement: {name}', backToList: 'Back to the list', employee: 'Employee', tasks: 'Tasks',
    workingHours: 'Working hours', reachability: 'Reachability', equipment: 'Equipment', reviewDate: 'Review', noticeDays: 'Notice period',
    employeeComment: "Employee's comment", managerComment: "Manager's comment", approver: 'Decided by', decidedAt: 'Decided',
    checklist: 'Checklist', confirmed: 'confirmed', notConfirmed: 'not confirmed', decision: 'Decision', document: 'Document',
    downloadPdf: 'Download the agreement (PDF)', renewByEmployee: 'The employee renews the agreement in the app; the renewal comes here to be decided.',
    history: 'History', when: 'When', change: 'Change', who: 'Who', comment: 'Comment',
    terminateTitle: 'End early', terminateHelp: 'The notice period is {n} days: {date} at the earliest.', endDate: 'Last day', reason: 'Reason',
    terminate: 'End the agreement', terminateConfirmTitle: 'End the agreement?',
    terminateConfirmBody: "{name}'s agreement applies up to and including {date}. The employee is told.", terminated: 'The agreement is ended.',

    hubMenu: 'The hub {name}', 'hubTab.day': 'Day view', 'hubTab.closures': 'Closures', 'hubTab.occupancy': 'Occupancy', 'hubTab.settings': 'Opening hours and rules',
    hubZone: 'times in {zone}', noHubs: 'You run no hubs.', closedInterval: 'Closed {interval}: {reason}',
    cancelBookingOf: 'Cancel: {what}', closedAllDay: 'closed all day', openingHoursToday: 'Open {hours}', hoursInDay: 'the day has {n} hours',
    bookingsCount: 'Bookings', closedLegend: 'Closed', noResources: 'The hub has no resources.',
    cancelBookingTitle: 'Cancel {name}, {interval}', cancelReason: 'Reason for cancelling', cancelReasonHelp: 'The booker is told the reason.', cancelBooking: 'Cancel booking',
    wholeHub: 'Whole hub', resource: 'Resource', start: 'From', end: 'To', cancelledBookings: 'Cancelled', closuresTitle: 'Closures',
    noClosures: 'No closures now or ahead.', addClosure: 'Add closure', timesInZone: 'The times are in {zone}.',
    closureReasonHelp: 'The bookers are told the reason.', removeClosure: 'Remove', removeClosureOf: 'Remove the closure {what}',
    reopenConfirmTitle: 'Remove the closure?', reopenConfirmBody: 'It can be booked again. Cancelled bookings stay cancelled.',
    closureConfirmTitle: 'Close {what}?', closureConfirmPeriod: 'From {from} to {to}.',
    closureCancels: { one: 'The closure cancels {n} booking. The booker is told the reason:', other: 'The closure cancels {n} bookings. The bookers are told the reason:' },
    closureCancelsNone: 'No bookings are affected.',
    from: 'From', to: 'To', occupancyTitle: 'Occupancy {from} – {to}', occupancyTotals: 'Utilisation {utilisation} · {booked} of {open} open hours booked · {noShows} no-shows · {waitlist} on the waitlist',
    utilisationPercent: 'Utilisation (%)', noShows: 'No-shows', occupancyChart: 'Utilisation per day', downloadCsv: 'Download CSV',
    occupancyPerDay: 'Per day', openHours: 'Open hours', bookedHours: 'Booked hours', utilisation: 'Utilisation', waitlist: 'Waitlist',
    openingHours: 'Opening hours', openingHoursHelp: 'Per weekday, in {zone}. A closing time before the opening time runs past midnight; 00:00–00:00 is around the clock.',
    closed: 'closed', opensAt: '{day}, opens ({n})', closesAt: '{day}, closes ({n})', removeHours: 'Remove hours {n} on {day}',
    addHours: 'Add opening hours on {day}', saveHours: 'Save the opening hours', noChanges: 'No changes to save.',
    hoursConfirmTitle: 'Change the opening hours?', noBookingsOutside: 'No bookings fall outside the new hours.',
    bookingsOutside: { one: '{n} booking in the next {days} days falls outside the new opening hours:', other: '{n} bookings in the next {days} days fall outside the new opening hours:' },
    cancelOutside: { one: 'Cancel it and tell the booker', other: 'Cancel them and tell the bookers' },
    cancelledByHoursReason: "The hub's opening hours have changed", hoursSaved: 'The opening hours are saved.',
    bookingsCancelled: { one: '{n} booking cancelled, the booker has been told.', other: '{n} bookings cancelled, the bookers have been told.' },
    rules: 'Booking rules', saveRules: 'Save the rules', rulesSaved: 'The rules are saved.', resources: 'Resources', kind: 'Kind',
    capacity: 'Seats', features: 'Equipment', inUse: 'In use', outOfUse: 'Out of use', addResource: 'Add resource',

    hrMenu: 'HR follow-up', afterHoursTab: 'Outside working hours', agreementsTab: 'Agreements', month: 'Month',
    afterHoursTitle: 'Outside working hours, {month}', afterHoursTotals: '{messages} messages · {held} waited for their working time · {breakThroughs} reached outside working hours',
    afterHoursHelp: "Per the recipients' unit and sender; the month is counted in {zone}.", afterHoursChart: 'Held and break-throughs per sender',
    sender: 'Sender', messages: 'Messages', heldCount: 'Held', breakThroughs: 'Reached outside hours', breakThroughMessages: 'Urgent messages',
    noAfterHours: 'No messages that month.', agreementsOverview: 'Agreements per unit, {date}', inForce: 'In force',
    expiring: 'Ending within 30 days', pending: 'To decide', noOverview: 'No agreements to show.',

    importHelp: 'A JSON file from the HR system with units, employees and roles. The same file twice changes nothing.',
    importFile: 'File (JSON)', importRun: 'Import', importDone: 'The import is done.',
    importDoneWithRejects: { one: 'The import is done, but {n} row was rejected.', other: 'The import is done, but {n} rows were rejected.' },
    importUnits: 'Units', importEmployees: 'Employees', importGrants: 'Roles', created: 'New', updated: 'Changed', unchanged: 'Unchanged',
    moved: 'Moved', left: 'Left', granted: 'Granted', revoked: 'Revoked', rejectedRows: 'Rejected rows', section: 'Section', row: 'Row',
    externalIdShort: 'Id',

    allStatuses: 'All', onlyStale: 'Only those not seen for 30 days', holder: 'Holder', phone: 'Phone', appVersion: 'app {v}',
    stale: 'not seen for 30 days', lastSeen: 'Last seen', action: 'Action', unknownHolder: 'Unknown holder', noDevices: 'No phones in the selection.',
    retire: 'Retire', retireOf: "Retire {name}'s phone", retireReasonOf: "Reason for {name}'s phone", retireConfirmTitle: 'Retire the phone?',
    retireConfirmBody: "{name}'s {phone} is retired ({reason}). It gets no more pushes, and what was waiting for it is dropped.",

    allActions: 'All actions', object: 'Concerns', details: 'Details', noAudit: 'No entries in the selection.',

    crisisOn: 'A crisis is declared', crisisOff: 'No crisis declared', declaredBy: 'Declared by', endedBy: 'Ended by', since: 'Since', endedAt: 'Ended',
    crisisHelp: 'During a crisis, urgent messages from crisis management reach even those who are absent. Every change is logged.',
    crisisDeclare: 'Declare a crisis', crisisEnd: 'End the crisis', crisisReason: 'Reason', crisisReasonHelp: 'Shown to everyone who reads the crisis mode, and in the audit log.',
    crisisDeclareTitle: 'Declare a crisis?', crisisDeclareBody: 'Urgent messages from crisis management then reach even those who are off or absent.',
    crisisEndTitle: 'End the crisis?', crisisEndBody: 'Availability applies again to every message.',
  },
};

/** The label of every code the API returns, per table, in both languages. */
const LABELS = {
  sv: {
    category: { INFO: 'Information', SCHEDULE: 'Schema', TRAINING: 'Utbildning', SOCIAL: 'Socialt', CRISIS: 'Kris', OPERATIONS: 'Drift' },
    priority: { NORMAL: 'Normal', URGENT: 'Brådskande' },
    role: { MANAGER: 'Chef', HUB_ADMIN: 'Hubbadministratör', COMMUNICATOR: 'Kommunikatör', CRISIS_LEAD: 'Krisledning', HR: 'HR', ADMIN: 'Administratör' },
    recipientState: { PENDING: 'På väg', HELD: 'Väntar på arbetstid', DELIVERED: 'Levererat', READ: 'Läst', ACKNOWLEDGED: 'Kvitterat', EXPIRED: 'Gick ut' },
    recipientFilter: { NOT_ACKNOWLEDGED: 'Har inte kvitterat', NOT_READ: 'Har inte läst', NOT_DELIVERED: 'Inte levererat än' },
    agreementStatus: { DRAFT: 'Utkast', SUBMITTED: 'Att besluta', APPROVED: 'Godkänd', REJECTED: 'Avslagen', WITHDRAWN: 'Återkallad', ACTIVE: 'Gäller', EXPIRED: 'Utgången', TERMINATED: 'Avslutad' },
    weekday: { MONDAY: 'måndag', TUESDAY: 'tisdag', WEDNESDAY: 'onsdag', THURSDAY: 'torsdag', FRIDAY: 'fredag', SATURDAY: 'lördag', SUNDAY: 'söndag' },
    placeType: { HOME: 'Hemma', HUB: 'Arbetshubb', OTHER: 'Annan plats' },
    checklist: { workEnvironment: 'Arbetsmiljön på platserna är genomgången', informationSecurity: 'Informationssäkerhetsreglerna är kända', insurance: 'Information om försäkring är mottagen' },
    resourceKind: { DESK: 'Skrivbord', ROOM: 'Mötesrum', PHONE_BOOTH: 'Telefonbås' },
    feature: { SCREEN: 'Skärm', DOCKING_STATION: 'Dockningsstation', QUIET_ZONE: 'Tyst zon', ACCESSIBLE: 'Tillgänglighetsanpassad', HEIGHT_ADJUSTABLE: 'Höj- och sänkbar', VIDEO_CONFERENCE: 'Videokonferens', WHITEBOARD: 'Whiteboard' },
    bookingStatus: { OFFERED: 'Erbjuden från väntelistan', BOOKED: 'Bokad', CHECKED_IN: 'Incheckad', CANCELLED: 'Avbokad', NO_SHOW: 'Utebliven', EXPIRED: 'Erbjudandet gick ut' },
    ownerKind: { REGION: 'Regionen', MUNICIPALITY: 'Kommun', OTHER: 'Annan ägare' },
    rule: { bookingHorizonDays: 'Hur långt fram man kan boka (dagar)', minBookingMinutes: 'Kortaste bokning (minuter)', maxBookingMinutes: 'Längsta bokning (minuter)',
      maxBookingsPerDay: 'Bokningar per person och dag', checkInOpensMinutesBefore: 'Incheckningen öppnar (minuter före start)',
      checkInClosesMinutesAfter: 'Incheckningen stänger (minuter efter start)', waitlistOfferHoldMinutes: 'Erbjudande från väntelistan hålls (minuter)' },
    ruleHelp: { bookingHorizonDays: 'Högst 365.', minBookingMinutes: 'Mellan 5 och 1 440.', maxBookingMinutes: 'Mellan 5 och 1 440.', maxBookingsPerDay: 'Mellan 1 och 20.',
      checkInOpensMinutesBefore: 'Mellan 0 och 240.', checkInClosesMinutesAfter: 'Den som inte checkat in då förlorar bokningen. Mellan 5 och 240.',
      waitlistOfferHoldMinutes: 'Hur länge en frigjord plats hålls åt den första i kön. Mellan 5 och 240.' },
    deviceStatus: { ACTIVE: 'I bruk', SIGNED_OUT: 'Utloggad', RETIRED: 'Ur bruk' },
    retireReason: { LOST: 'Förlorad', REPLACED: 'Ersatt', RETURNED: 'Återlämnad', BROKEN: 'Trasig' },
    platform: { ANDROID: 'Android', IOS: 'iPhone', WEB: 'Webbläsare' },
    tokenDropped: { UNREGISTERED: 'tar inte emot pushar', INVALID_ARGUMENT: 'tar inte emot pushar', STALE: 'pushar avstängda (inte sedd på 270 dagar)', REASSIGNED: 'väntar på den nya innehavarens app' },
    importSection: { units: 'Enheter', employees: 'Medarbetare', roleGrants: 'Roller' },
    auditAction: { ORG_IMPORT: 'Organisationsimport', ROLE_GRANTED: 'Roll tilldelad', ROLE_REVOKED: 'Roll borttagen', EMPLOYEE_MOVED: 'Medarbetare flyttad',
      EMPLOYEE_LEFT: 'Medarbetare slutat', EMPLOYEE_ANONYMISED: 'Medarbetare avidentifierad', DEVICE_RETIRED: 'Telefon tagen ur bruk',
      DEVICE_REASSIGNED: 'Telefon flyttad till annan', DEVICE_HANDED_OVER: 'Telefon överlämnad', BREAK_THROUGH: 'Kontakt utanför arbetstid',
      BOOKING_CANCELLED: 'Bokning avbokad av hubben', HUB_CREATED: 'Hubb skapad', HUB_UPDATED: 'Hubb ändrad', HUB_CLOSED: 'Hubb stängd',
      HUB_REOPENED: 'Stängning borttagen', RESOURCE_CREATED: 'Resurs tillagd', RESOURCE_UPDATED: 'Resurs ändrad',
      CRISIS_DECLARED: 'Krisläge infört', CRISIS_ENDED: 'Krisläge avslutat', AVAILABILITY_IMPORTED: 'Arbetstider importerade' },
    auditObject: { ORGANISATION: 'Organisationen', ROLE_GRANT: 'Roll för', EMPLOYEE: 'Medarbetare', DEVICE: 'Telefon', MESSAGE: 'Meddelande',
      BOOKING: 'Bokning', HUB: 'Hubb', CRISIS_MODE: 'Krisläget', AVAILABILITY: 'Arbetstider' },
    auditDetail: { reason: 'Skäl', role: 'Roll', employeeExternalId: 'Medarbetare', externalId: 'Id', unitExternalId: 'Enhet', hubExternalId: 'Hubb',
      hub: 'Hubb', resource: 'Resurs', period: 'Period', changed: 'Ändrat', name: 'Namn', municipality: 'Kommun', deviceId: 'Installation',
      model: 'Modell', proof: 'Bevis', previousStatus: 'Tidigare status', recipients: 'Mottagare', absencePassed: 'Nådda under frånvaro',
      afterDays: 'Efter dagar', rejected: 'Avvisade rader', source: 'Källa', importedBy: 'Importerad av', active: 'I bruk',
      cancelledBookings: 'Avbokade bokningar', units: 'Enheter', employees: 'Medarbetare', roleGrants: 'Roller', created: 'nya', updated: 'ändrade',
      unchanged: 'oförändrade', moved: 'flyttade', left: 'slutat', granted: 'tilldelade', revoked: 'borttagna', deleted: 'borttagna' },
    hubField: { name: 'namn', municipality: 'kommun', address: 'adress', location: 'läge', timeZone: 'tidszon', owner: 'ägare', description: 'beskrivning',
      openingHours: 'öppettider', rules: 'bokningsregler', externalId: 'id' },
    auditProof: { PUSH_TOKEN: 'telefonens push-token', SIGNED_OUT: 'innehavaren loggade ut den', HOLDER_LEFT: 'innehavaren har slutat' },
    roleSource: { BOOTSTRAP: 'första administratören', IMPORT: 'HR-systemet' },
    field: { title: 'Rubrik', body: 'Text', category: 'Kategori', priority: 'Prioritet', urgentReason: 'Skäl för brådskande', requiresAck: 'Kvittens',
      audience: 'Mottagare', sendAt: 'Skicka senare', expiresAt: 'Gäller till', reason: 'Skäl', comment: 'Kommentar', endDate: 'Sista dag',
      start: 'Från', end: 'Till', resourceId: 'Resurs', name: 'Namn', kind: 'Typ', capacity: 'Platser', features: 'Utrustning',
      openingHours: 'Öppettider', rules: 'Bokningsregler', active: 'Krisläge', units: 'Enheter', employees: 'Medarbetare', roleGrants: 'Roller' },
    problem: {
      validation: 'Uppgifterna stämmer inte', unauthorized: 'Du behöver logga in igen', forbidden: 'Du har inte behörighet till det här', 'not-found': 'Finns inte',
      'method-not-allowed': 'Det går inte att göra så här', 'request-timeout': 'Det tog för lång tid, försök igen', 'resource-taken': 'Resursen är redan bokad då',
      'already-booked': 'Personen har redan en bokning då', 'already-waiting': 'Står redan i kö den dagen', 'booking-not-active': 'Bokningen är inte längre aktiv',
      'booking-over': 'Bokningen har redan passerat', 'booking-released': 'Bokningen är släppt', 'offer-expired': 'Erbjudandet har gått ut',
      'waitlist-entry-closed': 'Platsen i kön gäller inte längre', 'hub-exists': 'Det finns redan en hubb med det id:t', 'resource-exists': 'Hubben har redan en resurs med det namnet',
      'device-retired': 'Telefonen är tagen ur bruk', 'device-already-retired': 'Telefonen är redan tagen ur bruk', 'period-imported': 'Perioden kommer från schemasystemet',
      'message-cancelled': 'Meddelandet är avbrutet', 'agreement-state': 'Det går inte i överenskommelsens nuvarande läge',
      'agreement-overlaps': 'Medarbetaren har redan en överenskommelse som gäller då', 'body-too-large': 'Det som skickades är för stort',
      'uri-too-long': 'Adressen är för lång', 'unsupported-media-type': 'Fel filformat', 'booking-too-short': 'Bokningen är kortare än hubben tillåter',
      'booking-too-long': 'Bokningen är längre än hubben tillåter', 'booking-in-the-past': 'Bokningen ligger bakåt i tiden', 'booking-too-far-ahead': 'Det går inte att boka så långt fram',
      'hub-closed': 'Hubben är stängd då', closure: 'Hubben eller resursen är stängd då', 'too-many-bookings': 'För många bokningar den dagen',
      'resource-inactive': 'Resursen är ur bruk', 'unknown-resource': 'Resursen finns inte', 'check-in-not-open': 'Incheckningen har inte öppnat',
      'check-in-closed': 'Incheckningen har stängt', 'waitlist-not-needed': 'Något är ledigt då, boka det i stället', 'agreement-policy': 'Överenskommelsen följer inte reglerna',
      'no-approver': 'Ingen chef kan besluta om överenskommelsen', 'notice-period': 'Uppsägningstiden är längre än så', 'ends-anyway': 'Överenskommelsen slutar ändå före det datumet',
      'unknown-hub': 'Hubben finns inte', 'unknown-unit': 'Enheten finns inte', 'unknown-employee': 'Medarbetaren finns inte eller har slutat',
      'empty-audience': 'Ingen finns bland mottagarna', 'send-at-in-the-past': 'Tiden för att skicka har redan passerat', 'idempotency-key-reused': 'Försök igen från början',
      'message-expired': 'Meddelandet har gått ut', 'remind-too-soon': 'Du kan påminna igen tidigast tio minuter efter förra påminnelsen',
      'acknowledgement-not-requested': 'Meddelandet begär ingen kvittens', 'period-too-long': 'Perioden är för lång', 'dnd-too-long': 'Stör ej är för långt',
      'bootstrap-admin-missing': 'Den första importen måste ta med dig själv', 'crisis-not-mutable': 'Kris går inte att stänga av',
      'rate-limited': 'För många försök, vänta en stund', 'urgent-daily-limit': 'Dagens brådskande meddelanden är slut', 'too-many-streams': 'För många öppna anslutningar',
      'headers-too-large': 'Förfrågan är för stor', internal: 'Något gick fel hos oss', 'bad-gateway': 'Servern svarade inte', unavailable: 'Tjänsten är inte tillgänglig just nu',
      'not-ready': 'Tjänsten startar', 'gateway-timeout': 'Servern svarade inte i tid', http: 'Förfrågan gick inte igenom',
    },
    consoleProblem: {
      offline: 'Servern gick inte att nå. Kontrollera anslutningen och försök igen.', 'sign-in-mismatch': 'Inloggningssvaret hör inte till den här inloggningen; försök igen.',
      'sign-in-refused': 'Inloggningen nekades.', incomplete: 'Fyll i det som saknas:', 'closure-incomplete': 'Ange från, till och skäl.',
      'end-before-start': 'Sluttiden måste vara efter starttiden.', 'comment-required': 'Skriv en kommentar när du avslår.',
      'terminate-incomplete': 'Ange sista dag och skäl.', 'hours-incomplete': 'Ange både öppnings- och stängningstid:', 'rule-out-of-range': 'Värdet ligger utanför det tillåtna:',
      'name-required': 'Ge resursen ett namn.', 'file-missing': 'Välj en fil att importera.', 'file-not-json': 'Filen är inte giltig JSON:',
      'crisis-reason-missing': 'Skriv skälet till krisläget.',
    },
  },
  en: {
    category: { INFO: 'Information', SCHEDULE: 'Schedule', TRAINING: 'Training', SOCIAL: 'Social', CRISIS: 'Crisis', OPERATIONS: 'Operations' },
    priority: { NORMAL: 'Normal', URGENT: 'Urgent' },
    role: { MANAGER: 'Manager', HUB_ADMIN: 'Hub administrator', COMMUNICATOR: 'Communicator', CRISIS_LEAD: 'Crisis lead', HR: 'HR', ADMIN: 'Administrator' },
    recipientState: { PENDING: 'On its way', HELD: 'Waiting for working hours', DELIVERED: 'Delivered', READ: 'Read', ACKNOWLEDGED: 'Acknowledged', EXPIRED: 'Expired' },
    recipientFilter: { NOT_ACKNOWLEDGED: 'Not acknowledged', NOT_READ: 'Not read', NOT_DELIVERED: 'Not delivered yet' },
    agreementStatus: { DRAFT: 'Draft', SUBMITTED: 'To decide', APPROVED: 'Approved', REJECTED: 'Rejected', WITHDRAWN: 'Withdrawn', ACTIVE: 'In force', EXPIRED: 'Expired', TERMINATED: 'Ended' },
    weekday: { MONDAY: 'Monday', TUESDAY: 'Tuesday', WEDNESDAY: 'Wednesday', THURSDAY: 'Thursday', FRIDAY: 'Friday', SATURDAY: 'Saturday', SUNDAY: 'Sunday' },
    placeType: { HOME: 'Home', HUB: 'Work hub', OTHER: 'Elsewhere' },
    checklist: { workEnvironment: 'The work environment at the places is gone through', informationSecurity: 'The information-security rules are known', insurance: 'The information on insurance is received' },
    resourceKind: { DESK: 'Desk', ROOM: 'Meeting room', PHONE_BOOTH: 'Phone booth' },
    feature: { SCREEN: 'Screen', DOCKING_STATION: 'Docking station', QUIET_ZONE: 'Quiet zone', ACCESSIBLE: 'Accessible', HEIGHT_ADJUSTABLE: 'Height adjustable', VIDEO_CONFERENCE: 'Video conference', WHITEBOARD: 'Whiteboard' },
    bookingStatus: { OFFERED: 'Offered from the waitlist', BOOKED: 'Booked', CHECKED_IN: 'Checked in', CANCELLED: 'Cancelled', NO_SHOW: 'No-show', EXPIRED: 'Offer expired' },
    ownerKind: { REGION: 'The region', MUNICIPALITY: 'Municipality', OTHER: 'Other owner' },
    rule: { bookingHorizonDays: 'How far ahead one may book (days)', minBookingMinutes: 'Shortest booking (minutes)', maxBookingMinutes: 'Longest booking (minutes)',
      maxBookingsPerDay: 'Bookings per person and day', checkInOpensMinutesBefore: 'Check-in opens (minutes before the start)',
      checkInClosesMinutesAfter: 'Check-in closes (minutes after the start)', waitlistOfferHoldMinutes: 'A waitlist offer is held (minutes)' },
    ruleHelp: { bookingHorizonDays: 'At most 365.', minBookingMinutes: 'Between 5 and 1,440.', maxBookingMinutes: 'Between 5 and 1,440.', maxBookingsPerDay: 'Between 1 and 20.',
      checkInOpensMinutesBefore: 'Between 0 and 240.', checkInClosesMinutesAfter: 'Someone not checked in by then loses the booking. Between 5 and 240.',
      waitlistOfferHoldMinutes: 'How long a freed place is held for the first in line. Between 5 and 240.' },
    deviceStatus: { ACTIVE: 'In use', SIGNED_OUT: 'Signed out', RETIRED: 'Retired' },
    retireReason: { LOST: 'Lost', REPLACED: 'Replaced', RETURNED: 'Returned', BROKEN: 'Broken' },
    platform: { ANDROID: 'Android', IOS: 'iPhone', WEB: 'Browser' },
    tokenDropped: { UNREGISTERED: 'takes no pushes', INVALID_ARGUMENT: 'takes no pushes', STALE: 'pushes off (not seen for 270 days)', REASSIGNED: "waiting for the new holder's app" },
    importSection: { units: 'Units', employees: 'Employees', roleGrants: 'Roles' },
    auditAction: { ORG_IMPORT: 'Organisation import', ROLE_GRANTED: 'Role granted', ROLE_REVOKED: 'Role revoked', EMPLOYEE_MOVED: 'Employee moved',
      EMPLOYEE_LEFT: 'Employee left', EMPLOYEE_ANONYMISED: 'Employee anonymised', DEVICE_RETIRED: 'Phone retired',
      DEVICE_REASSIGNED: 'Phone given to another', DEVICE_HANDED_OVER: 'Phone handed over', BREAK_THROUGH: 'Contact outside working hours',
      BOOKING_CANCELLED: 'Booking cancelled by the hub', HUB_CREATED: 'Hub created', HUB_UPDATED: 'Hub changed', HUB_CLOSED: 'Hub closed',
      HUB_REOPENED: 'Closure removed', RESOURCE_CREATED: 'Resource added', RESOURCE_UPDATED: 'Resource changed',
      CRISIS_DECLARED: 'Crisis declared', CRISIS_ENDED: 'Crisis ended', AVAILABILITY_IMPORTED: 'Working times imported' },
    auditObject: { ORGANISATION: 'The organisation', ROLE_GRANT: 'Role of', EMPLOYEE: 'Employee', DEVICE: 'Phone', MESSAGE: 'Message',
      BOOKING: 'Booking', HUB: 'Hub', CRISIS_MODE: 'Crisis mode', AVAILABILITY: 'Working times' },
    auditDetail: { reason: 'Reason', role: 'Role', employeeExternalId: 'Employee', externalId: 'Id', unitExternalId: 'Unit', hubExternalId: 'Hub',
      hub: 'Hub', resource: 'Resource', period: 'Period', changed: 'Changed', name: 'Name', municipality: 'Municipality', deviceId: 'Installation',
      model: 'Model', proof: 'Proof', previousStatus: 'Status before', recipients: 'Recipients', absencePassed: 'Reached while absent',
      afterDays: 'After days', rejected: 'Rejected rows', source: 'Source', importedBy: 'Imported by', active: 'In use',
      cancelledBookings: 'Cancelled bookings', units: 'Units', employees: 'Employees', roleGrants: 'Roles', created: 'new', updated: 'changed',
      unchanged: 'unchanged', moved: 'moved', left: 'left', granted: 'granted', revoked: 'revoked', deleted: 'removed' },
    hubField: { name: 'name', municipality: 'municipality', address: 'address', location: 'location', timeZone: 'time zone', owner: 'owner', description: 'description',
      openingHours: 'opening hours', rules: 'booking rules', externalId: 'id' },
    auditProof: { PUSH_TOKEN: "the phone's push token", SIGNED_OUT: 'its holder signed it out', HOLDER_LEFT: 'its holder has left' },
    roleSource: { BOOTSTRAP: 'the first administrator', IMPORT: 'the HR system' },
    field: { title: 'Title', body: 'Text', category: 'Category', priority: 'Priority', urgentReason: 'Reason for urgent', requiresAck: 'Acknowledgement',
      audience: 'Recipients', sendAt: 'Send later', expiresAt: 'Valid until', reason: 'Reason', comment: 'Comment', endDate: 'Last day',
      start: 'From', end: 'To', resourceId: 'Resource', name: 'Name', kind: 'Kind', capacity: 'Seats', features: 'Equipment',
      openingHours: 'Opening hours', rules: 'Booking rules', active: 'Crisis mode', units: 'Units', employees: 'Employees', roleGrants: 'Roles' },
    problem: {
      validation: 'The details are not right', unauthorized: 'You need to sign in again', forbidden: 'You are not allowed to do this', 'not-found': 'Not found',
      'method-not-allowed': 'This cannot be done this way', 'request-timeout': 'It took too long; try again', 'resource-taken': 'The resource is booked then',
      'already-booked': 'The person already has a booking then', 'already-waiting': 'Already in line that day', 'booking-not-active': 'The booking is no longer active',
      'booking-over': 'The booking is over', 'booking-released': 'The booking was released', 'offer-expired': 'The offer has expired',
      'waitlist-entry-closed': 'The place in line no longer applies', 'hub-exists': 'There is a hub with that id already', 'resource-exists': 'The hub has a resource by that name already',
      'device-retired': 'The phone is retired', 'device-already-retired': 'The phone is retired already', 'period-imported': 'The period comes from the scheduling system',
      'message-cancelled': 'The message is cancelled', 'agreement-state': "This does not fit the agreement's status",
      'agreement-overlaps': 'The employee has an agreement in force then already', 'body-too-large': 'What was sent is too large',
      'uri-too-long': 'The address is too long', 'unsupported-media-type': 'Wrong file format', 'booking-too-short': 'The booking is shorter than the hub allows',
      'booking-too-long': 'The booking is longer than the hub allows', 'booking-in-the-past': 'The booking is in the past', 'booking-too-far-ahead': 'One cannot book that far ahead',
      'hub-closed': 'The hub is closed then', closure: 'The hub or the resource is closed then', 'too-many-bookings': 'Too many bookings that day',
      'resource-inactive': 'The resource is out of use', 'unknown-resource': 'The resource does not exist', 'check-in-not-open': 'Check-in has not opened',
      'check-in-closed': 'Check-in has closed', 'waitlist-not-needed': 'Something is free then; book it instead', 'agreement-policy': 'The agreement does not follow the rules',
      'no-approver': 'No manager can decide the agreement', 'notice-period': 'The notice period is longer than that', 'ends-anyway': 'The agreement ends before that date anyway',
      'unknown-hub': 'The hub does not exist', 'unknown-unit': 'The unit does not exist', 'unknown-employee': 'The employee does not exist or has left',
      'empty-audience': 'There is nobody among the recipients', 'send-at-in-the-past': 'The time to send has passed', 'idempotency-key-reused': 'Start again from the beginning',
      'message-expired': 'The message has expired', 'remind-too-soon': 'You can remind again ten minutes after the last reminder',
      'acknowledgement-not-requested': 'The message asks for no acknowledgement', 'period-too-long': 'The period is too long', 'dnd-too-long': 'Do-not-disturb is too long',
      'bootstrap-admin-missing': 'The first import must include yourself', 'crisis-not-mutable': 'Crisis cannot be muted',
      'rate-limited': 'Too many tries; wait a while', 'urgent-daily-limit': "Today's urgent messages are used up", 'too-many-streams': 'Too many open connections',
      'headers-too-large': 'The request is too large', internal: 'Something went wrong on our side', 'bad-gateway': 'The server did not answer', unavailable: 'The service is not available right now',
      'not-ready': 'The service is starting', 'gateway-timeout': 'The server did not answer in time', http: 'The request did not go through',
    },
    consoleProblem: {
      offline: 'The server could not be reached. Check the connection and try again.', 'sign-in-mismatch': 'The sign-in answer does not belong to this sign-in; try again.',
      'sign-in-refused': 'The sign-in was refused.', incomplete: 'Fill in what is missing:', 'closure-incomplete': 'Give a start, an end and a reason.',
      'end-before-start': 'The end must be after the start.', 'comment-required': 'Write a comment when you reject.',
      'terminate-incomplete': 'Give a last day and a reason.', 'hours-incomplete': 'Give both an opening and a closing time:', 'rule-out-of-range': 'The value is outside what is allowed:',
      'name-required': 'Give the resource a name.', 'file-missing': 'Choose a file to import.', 'file-not-json': 'The file is not valid JSON:',
      'crisis-reason-missing': 'Write the reason for the crisis.',
    },
  },
};

/** Keys asked for that the current language lacks, "lang:key" or "lang:table.code". */
export const missingTexts = new Set();

function fill(text, params) {
  return text.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined ? m : String(params[k])));
}

export function t(key, params = {}) {
  let v = TEXTS[session.lang][key];
  if (v === undefined) {
    missingTexts.add(`${session.lang}:${key}`);
    v = TEXTS.sv[key] ?? key;
  }
  if (typeof v === 'object') v = params.n === 1 ? v.one : v.other;
  return fill(v, params);
}

export function hasLabel(table, code) {
  return LABELS[session.lang][table]?.[code] !== undefined;
}

/** The label of a code; a code without one is recorded (and shown as it is, as the last resort). */
export function label(table, code) {
  const v = LABELS[session.lang][table]?.[code];
  if (v === undefined) {
    missingTexts.add(`${session.lang}:${table}.${code}`);
    return String(code);
  }
  return v;
}

/** The codes of a table, in the catalogue's order (the contract's). */
export function codes(table) {
  return Object.keys(LABELS.sv[table]);
}

/** For the browser tests: every text key and every label in both languages. */
export function catalogue() {
  const keys = (o) => Object.keys(o).sort();
  return {
    texts: { sv: keys(TEXTS.sv), en: keys(TEXTS.en) },
    labels: LABELS,
    values: { sv: Object.values(TEXTS.sv).flatMap((v) => (typeof v === 'object' ? [v.one, v.other] : [v])),
      en: Object.values(TEXTS.en).flatMap((v) => (typeof v === 'object' ? [v.one, v.other] : [v])) },
  };
}

const nf = () => new Intl.NumberFormat(session.lang === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 1 });
export const number = (x) => nf().format(x || 0);
export const percent = (ratio) => `${nf().format(Math.round((ratio || 0) * 1000) / 10)} %`;

const PROBLEM = 'urn:tjanstemobil:problem:';
const CONSOLE = 'urn:tjanstemobil:console:';

/**
 * A refusal as a person reads it: a title from the problem's type in the console's language (the
 * server's own title when the type is new to us), the server's detail, and each field's message.
 */
export function problemText(e) {
  const p = e?.problem || { type: CONSOLE + 'offline', detail: '' };
  const type = String(p.type || '');
  if (type.startsWith(CONSOLE)) {
    const code = type.slice(CONSOLE.length);
    return { title: label('consoleProblem', code), detail: p.detail || '', items: [] };
  }
  let code = type.startsWith(PROBLEM) ? type.slice(PROBLEM.length) : '';
  if (/^http-\d+$/.test(code)) code = 'http';
  const title = hasLabel('problem', code) ? label('problem', code) : p.title || label('problem', 'http');
  const field = (f) => {
    const first = String(f).split('.')[0];
    return hasLabel('field', first) ? label('field', first) : f;
  };
  const items = (p.errors || []).map((x) => `${field(x.field)}: ${x.message}`)
    .concat((p.violations || []).map((v) => v.detail));
  return { title, detail: p.detail || '', items };
}
