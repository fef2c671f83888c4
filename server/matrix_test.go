package server_test

import (
	"github.com/vios-platform/vios"
)

// The authorization matrix: every registered route (web and API), for every
// role × own/other municipality × own/foreign record, allowed or denied.
// A route that is not in this table fails the test, so no feature can add a
// route without deciding who may use it. The expectations are written out
// here from docs/ACCESS.md, independently of authz.go.

var matrix = map[string]rule{
	// Public: the national overview, health, static files, the login pages.
	"GET /healthz":                           {allow: anyone},
	"GET /readyz":                            {allow: anyone},
	"GET /metrics":                           {allow: nobody}, // only the metrics token (VIOS_METRICS_TOKEN) or an address of its own
	"GET /{$}":                               {allow: anyone},
	"GET /aanpakken":                         {allow: anyone},
	"GET /aanpakken/{gemeente}":              {allow: anyone},
	"GET /toegankelijkheid":                  {allow: anyone},
	"GET /static/":                           {allow: anyone},
	"GET /favicon.ico":                       {allow: anyone},
	"GET /manifest.webmanifest":              {allow: anyone},
	"GET /sw.js":                             {allow: anyone},
	"GET /offline":                           {allow: anyone},
	"GET /api/v1/openapi.json":               {allow: anyone},
	"GET /api/v1/aanpakken":                  {allow: anyone},
	"GET /api/v1/aanpakken/{id}":             {allow: anyone, record: "aanpak"},
	"GET /inloggen":                          {allow: anyone},
	"POST /inloggen":                         {allow: anyone},
	"GET /inloggen/tweede-factor":            {allow: nobody, pending: true},
	"POST /inloggen/tweede-factor":           {allow: nobody, pending: true},
	"GET /inloggen/tweede-factor-instellen":  {allow: nobody, pending: true},
	"POST /inloggen/tweede-factor-instellen": {allow: nobody, pending: true},

	// One's own account.
	"POST /uitloggen":                       {allow: loggedIn},
	"GET /account":                          {allow: loggedIn},
	"GET /account/wachtwoord":               {allow: loggedIn},
	"POST /account/wachtwoord":              {allow: loggedIn},
	"POST /account/sessies/{id}/beeindigen": {allow: ownRecordOnly, record: "sessie"},
	// The municipality's approach and organisations: beheerder and regisseur.
	"GET /beheer/{gemeente}/aanpak":              {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur)},
	"POST /beheer/{gemeente}/aanpak":             {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur)},
	"GET /beheer/{gemeente}/organisaties":        {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur)},
	"GET /beheer/{gemeente}/organisaties/nieuw":  {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur)},
	"POST /beheer/{gemeente}/organisaties/nieuw": {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur)},
	"GET /beheer/{gemeente}/organisaties/{id}":   {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur), record: "organisatie"},
	"POST /beheer/{gemeente}/organisaties/{id}":  {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur), record: "organisatie"},
	// Single sign-on: public, but the fixture configures no provider, so
	// every request is a 404 (an unknown provider) — the SSO flow itself is
	// tested against a mock IdP in web/oidc_test.go.
	"GET /inloggen/sso/{provider}":        {allow: nobody, pending: true, record: "provider"},
	"GET /inloggen/sso/{provider}/terug":  {allow: nobody, pending: true, record: "provider"},
	"POST /account/tokens":                {allow: loggedIn},
	"POST /account/tokens/{id}/intrekken": {allow: ownRecordOnly, record: "token"},
	// User administration: beheerder (regisseur may look), the rights
	// review also for the privacy officer; the outbox only in demo mode.
	"GET /beheer":                                                    {allow: loggedIn},
	"GET /beheer/{gemeente}/gebruikers":                              {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur)},
	"GET /beheer/{gemeente}/gebruikers/uitnodigen":                   {allow: inOwn(vios.RoleBeheerder)},
	"POST /beheer/{gemeente}/gebruikers/uitnodigen":                  {allow: inOwn(vios.RoleBeheerder)},
	"POST /beheer/{gemeente}/gebruikers/{id}/blokkeren":              {allow: inOwn(vios.RoleBeheerder), record: "gebruiker"},
	"POST /beheer/{gemeente}/gebruikers/{id}/deblokkeren":            {allow: inOwn(vios.RoleBeheerder), record: "gebruiker"},
	"POST /beheer/{gemeente}/gebruikers/{id}/rollen":                 {allow: inOwn(vios.RoleBeheerder), record: "gebruiker"},
	"POST /beheer/{gemeente}/gebruikers/{id}/rollen/{rol}/intrekken": {allow: inOwn(vios.RoleBeheerder), record: "gebruiker"},
	"POST /beheer/{gemeente}/gebruikers/{id}/sessies-beeindigen":     {allow: inOwn(vios.RoleBeheerder), record: "gebruiker"},
	"GET /beheer/{gemeente}/rechtenoverzicht":                        {allow: inOwn(vios.RoleBeheerder, vios.RoleFG)},
	"GET /beheer/{gemeente}/rechtenoverzicht.csv":                    {allow: inOwn(vios.RoleBeheerder, vios.RoleFG)},
	// The outbox has no municipality in its path: the tenant dimension is in
	// what it shows (hides), never the other municipality's mail nor a link.
	"GET /beheer/uitgaande-mail": {allow: func(c matrixCase) bool { return c.role == vios.RoleBeheerder }, hides: "uitgaande-mail"},
	// One-time links: public, but without a valid link everyone gets a 404.
	"GET /uitnodiging/{token}":            {allow: nobody, pending: true, record: "link"},
	"POST /uitnodiging/{token}":           {allow: nobody, pending: true, record: "link"},
	"GET /wachtwoord-herstellen/{token}":  {allow: nobody, pending: true, record: "link"},
	"POST /wachtwoord-herstellen/{token}": {allow: nobody, pending: true, record: "link"},
	"GET /wachtwoord-vergeten":            {allow: anyone},
	"POST /wachtwoord-vergeten":           {allow: anyone},
	// The privacy officer's log and register.
	"GET /logboek/{gemeente}":                                                  {allow: inOwn(vios.RoleFG)},
	"GET /logboek/{gemeente}/traces/{trace}":                                   {allow: inOwn(vios.RoleFG), record: "trace"},
	"GET /logboek/{gemeente}/audit.csv":                                        {allow: inOwn(vios.RoleFG)},
	"GET /logboek/{gemeente}/verwerkingen.csv":                                 {allow: inOwn(vios.RoleFG)},
	"GET /register/{gemeente}":                                                 {allow: inOwn(vios.RoleFG)},
	"GET /register/{gemeente}/nieuw":                                           {allow: inOwn(vios.RoleFG)},
	"POST /register/{gemeente}/nieuw":                                          {allow: inOwn(vios.RoleFG)},
	"GET /register/{gemeente}/{id}":                                            {allow: inOwn(vios.RoleFG), record: "activiteit"},
	"POST /register/{gemeente}/{id}":                                           {allow: inOwn(vios.RoleFG), record: "activiteit"},
	"POST /beheer/{gemeente}/organisaties/{id}/personen":                       {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur), record: "organisatie"},
	"POST /beheer/{gemeente}/organisaties/{id}/personen/{persoon}/verwijderen": {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur), record: "organisatie"},
	// Passkeys: one's own; the login ceremony only halfway through a login.
	"POST /account/passkeys/begin":            {allow: loggedIn},
	"POST /account/passkeys/finish":           {allow: loggedIn},
	"POST /account/passkeys/{id}/verwijderen": {allow: ownRecordOnly, record: "passkey"},
	"POST /inloggen/passkey/begin":            {allow: nobody, pending: true},
	"POST /inloggen/passkey/finish":           {allow: nobody, pending: true},
	// Own devices: marked by their user minutes after a passkey login (no
	// actor of the matrix logged in with a passkey; the web test
	// TestOwnDeviceOffersThePasskey has the allowed case) and forgotten by
	// their user; the device's login answers only a device cookie, which
	// no actor of the matrix sends.
	"POST /account/apparaten":               {allow: nobody},
	"POST /account/apparaten/{id}/vergeten": {allow: ownRecordOnly, record: "apparaat"},
	"POST /inloggen/apparaat/begin":         {allow: nobody, pending: true},
	"POST /inloggen/apparaat/finish":        {allow: nobody, pending: true},
	"GET /api/v1/ik":                        {allow: loggedIn, token: true},

	// Push notifications: one's own devices.
	"POST /account/meldingen":                  {allow: loggedIn},
	"POST /account/meldingen/{id}/verwijderen": {allow: ownRecordOnly, record: "push"},

	// Networks. The demo kernteam of each municipality: the school
	// account chairs it, the coordinator is its secretary, the police
	// account (partner) a fixed member; the OTSV account is no member. The
	// regisseur sees and runs every network of the municipality.
	"GET /netwerken":                                                  {allow: loggedIn},
	"GET /netwerken/{gemeente}/nieuw":                                 {allow: inOwn(vios.RoleRegisseur)},
	"POST /netwerken/{gemeente}/nieuw":                                {allow: inOwn(vios.RoleRegisseur)},
	"GET /fenomenen/{gemeente}":                                       {allow: inOwn(vios.RoleRegisseur)},
	"POST /fenomenen/{gemeente}":                                      {allow: inOwn(vios.RoleRegisseur)},
	"GET /netwerken/{gemeente}/{id}":                                  {allow: networkMembers, record: "netwerk"},
	"GET /netwerken/{gemeente}/{id}/bewerken":                         {allow: networkChair, record: "netwerk"},
	"POST /netwerken/{gemeente}/{id}/bewerken":                        {allow: networkChair, record: "netwerk"},
	"POST /netwerken/{gemeente}/{id}/leden":                           {allow: networkChair, record: "netwerk"},
	"GET /netwerken/{gemeente}/{id}/leden/toevoegen":                  {allow: networkChair, record: "netwerk"},
	"POST /netwerken/{gemeente}/{id}/leden/toevoegen":                 {allow: networkChair, record: "netwerk"},
	"GET /wachtdrempels/{gemeente}":                                   {allow: inOwn(vios.RoleRegisseur)},
	"POST /wachtdrempels/{gemeente}":                                  {allow: inOwn(vios.RoleRegisseur)},
	"POST /netwerken/{gemeente}/{id}/leden/{lid}/beeindigen":          {allow: networkChair, record: "netwerk"},
	"GET /netwerken/{gemeente}/{id}/plannen":                          {allow: networkRunners, record: "netwerk"},
	"GET /netwerken/{gemeente}/{id}/berichten":                        {allow: networkPlaces, record: "netwerk"},
	"POST /netwerken/{gemeente}/{id}/berichten":                       {allow: networkPlaces, record: "netwerk"},
	"POST /netwerken/{gemeente}/{id}/berichten/controle":              {allow: networkPlaces, record: "netwerk"},
	"GET /netwerken/{gemeente}/{id}/berichten/stroom":                 {allow: networkPlaces, record: "netwerk"},
	"POST /netwerken/{gemeente}/{id}/berichten/{bericht}/bewerken":    {allow: inOwn(vios.RolePartner), record: "netwerk"},
	"POST /netwerken/{gemeente}/{id}/berichten/{bericht}/signaal":     {allow: networkPlaces, record: "netwerk"},
	"POST /netwerken/{gemeente}/{id}/berichten/{bericht}/agenda":      {allow: networkPlaces, record: "netwerk"},
	"POST /netwerken/{gemeente}/{id}/berichten/{bericht}/verwijderen": {allow: inOwn(vios.RolePartner, vios.RoleSchool), record: "netwerk"},
	"POST /netwerken/{gemeente}/{id}/berichten/delen":                 {allow: inOwn(vios.RoleSchool), record: "netwerk"},
	"GET /casussen/{gemeente}/{id}/berichten":                         {allow: caseThreadReaders, record: "casus"},
	"POST /casussen/{gemeente}/{id}/berichten":                        {allow: caseThreadReaders, record: "casus"},
	"POST /casussen/{gemeente}/{id}/berichten/controle":               {allow: caseThreadReaders, record: "casus"},
	"GET /casussen/{gemeente}/{id}/berichten/stroom":                  {allow: caseThreadReaders, record: "casus"},
	"POST /casussen/{gemeente}/{id}/berichten/{bericht}/bewerken":     {allow: caseThreadReaders, record: "casus"},
	"POST /casussen/{gemeente}/{id}/berichten/{bericht}/signaal":      {allow: caseThreadReaders, record: "casus"},
	"POST /casussen/{gemeente}/{id}/berichten/{bericht}/agenda":       {allow: caseThreadReaders, record: "casus"},
	"POST /casussen/{gemeente}/{id}/berichten/{bericht}/verwijderen":  {allow: caseThreadReaders, record: "casus"},
	// A message's files: for who sees its writer's pupils by name, and only
	// its writer (or the chair) adds them. The fixture's network message is
	// the police member's, whose pupils the others see by pseudonym only;
	// its case message is the school's.
	"POST /netwerken/{gemeente}/{id}/berichten/{bericht}/bijlagen": {allow: inOwn(vios.RolePartner), record: "netwerk"},
	"POST /casussen/{gemeente}/{id}/berichten/{bericht}/bijlagen":  {allow: caseThreadReaders, record: "casus"},
	"POST /netwerken/{gemeente}/{id}/plannen":                      {allow: networkRunners, record: "netwerk"},
	"GET /netwerken/{gemeente}/{id}/cijfers":                       {allow: networkRunners, record: "netwerk"},
	"GET /netwerken/{gemeente}/{id}/jaaroverzicht":                 {allow: networkRunners, record: "netwerk"},
	"GET /netwerken/{gemeente}/{id}/jaaroverzicht.pdf":             {allow: networkRunners, record: "netwerk"},
	"GET /netwerken/{gemeente}/{id}/jaaroverzicht/afdrukken":       {allow: networkRunners, record: "netwerk"},
	"GET /overleggen/{gemeente}/{id}":                              {allow: networkMembers, record: "overleg"},
	"GET /overleggen/{gemeente}/{id}/afdrukken":                    {allow: networkMembers, record: "overleg"},
	"GET /overleggen/{gemeente}/{id}/verslag.pdf":                  {allow: networkMembers, record: "overleg"},
	"POST /overleggen/{gemeente}/{id}/agendapunten":                {allow: networkMembers, record: "overleg"},
	"POST /overleggen/{gemeente}/{id}/agenda":                      {allow: networkRunners, record: "overleg"},
	"POST /overleggen/{gemeente}/{id}/publiceren":                  {allow: networkRunners, record: "overleg"},
	"POST /overleggen/{gemeente}/{id}/aanwezigheid":                {allow: networkRunners, record: "overleg"},
	"POST /overleggen/{gemeente}/{id}/agendapunten/{punt}/verslag": {allow: networkRunners, record: "overleg"},
	"POST /overleggen/{gemeente}/{id}/actiepunten":                 {allow: networkRunners, record: "overleg"},
	"POST /overleggen/{gemeente}/{id}/vaststellen":                 {allow: networkRunners, record: "overleg"},
	"POST /overleggen/{gemeente}/{id}/correcties":                  {allow: networkRunners, record: "overleg"},
	"POST /overleggen/{gemeente}/{id}/wijzigen":                    {allow: networkRunners, record: "overleg"},
	"GET /actiepunten":                         {allow: loggedIn},
	"GET /vandaag":                             {allow: loggedIn},
	"GET /actiepunten/{gemeente}/{id}":         {allow: networkMembers, record: "actiepunt"},
	"POST /actiepunten/{gemeente}/{id}":        {allow: networkMembers, record: "actiepunt"},
	"POST /account/agenda-koppeling":           {allow: loggedIn},
	"POST /account/agenda-koppeling/intrekken": {allow: loggedIn},
	"GET /agenda/{token}":                      {allow: nobody, pending: true, record: "link"},
	// The API of networks, with a token of the actor (scopes lezen and
	// schrijven); an empty body is a 415, which counts as allowed.
	"GET /api/v1/netwerken":                     {allow: loggedIn, token: true},
	"POST /api/v1/netwerken":                    {allow: func(c matrixCase) bool { return c.role == vios.RoleRegisseur }, token: true},
	"GET /api/v1/netwerken/{id}":                {allow: networkMembers, record: "netwerk", token: true},
	"PUT /api/v1/netwerken/{id}":                {allow: networkChair, record: "netwerk", token: true},
	"GET /api/v1/netwerken/{id}/overleggen":     {allow: networkMembers, record: "netwerk", token: true},
	"POST /api/v1/netwerken/{id}/overleggen":    {allow: networkRunners, record: "netwerk", token: true},
	"GET /api/v1/overleggen/{id}":               {allow: networkMembers, record: "overleg", token: true},
	"POST /api/v1/overleggen/{id}/agendapunten": {allow: networkMembers, record: "overleg", token: true},
	"PUT /api/v1/overleggen/{id}/aanwezigheid":  {allow: networkRunners, record: "overleg", token: true},
	"POST /api/v1/overleggen/{id}/actiepunten":  {allow: networkRunners, record: "overleg", token: true},
	"GET /api/v1/actiepunten":                   {allow: loggedIn, token: true},
	"GET /api/v1/actiepunten/{id}":              {allow: networkMembers, record: "actiepunt", token: true},
	"PATCH /api/v1/actiepunten/{id}":            {allow: networkMembers, record: "actiepunt", token: true},
	// Covenants: readable by the municipality's staff (regisseur, fg,
	// coordinator, otsv) and by employees of a party (the fixture covenant's
	// parties are the demo school and the police); changed by the regisseur.
	// The sociale kaart: every role held in the municipality, except the
	// national one.
	"GET /sociale-kaart/{gemeente}":                                    {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur, vios.RoleFG, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner)},
	"GET /convenanten/{gemeente}":                                      {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur, vios.RoleFG, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner)},
	"GET /convenanten/{gemeente}/nieuw":                                {allow: inOwn(vios.RoleRegisseur)},
	"POST /convenanten/{gemeente}/nieuw":                               {allow: inOwn(vios.RoleRegisseur)},
	"GET /convenanten/{gemeente}/{id}":                                 {allow: covenantReaders, record: "convenant"},
	"GET /convenanten/{gemeente}/{id}/convenant.pdf":                   {allow: covenantReaders, record: "convenant"},
	"GET /convenanten/{gemeente}/{id}/afdrukken":                       {allow: covenantReaders, record: "convenant"},
	"GET /convenanten/{gemeente}/{id}/naleving":                        {allow: covenantReaders, record: "convenant"},
	"POST /convenanten/{gemeente}/{id}/partijen":                       {allow: inOwn(vios.RoleRegisseur), record: "convenant"},
	"POST /convenanten/{gemeente}/{id}/partijen/{partij}/tekenen":      {allow: inOwn(vios.RoleRegisseur), record: "convenant"},
	"POST /convenanten/{gemeente}/{id}/partijen/{partij}/terugtrekken": {allow: inOwn(vios.RoleRegisseur), record: "convenant"},
	"POST /convenanten/{gemeente}/{id}/werkafspraken":                  {allow: inOwn(vios.RoleRegisseur), record: "convenant"},
	"POST /convenanten/{gemeente}/{id}/deelafspraken":                  {allow: inOwn(vios.RoleRegisseur), record: "convenant"},
	"POST /convenanten/{gemeente}/{id}/handelingsprotocol":             {allow: inOwn(vios.RoleRegisseur), record: "convenant"},
	"POST /convenanten/{gemeente}/{id}/beeindigen":                     {allow: inOwn(vios.RoleRegisseur), record: "convenant"},
	"POST /netwerken/{gemeente}/{id}/deelafspraak":                     {allow: inOwn(vios.RoleRegisseur), record: "netwerk"},
	// The covenant API (personal token): readers as on the web; changes by
	// the regisseur; the register for the privacy officer and the regisseur.
	"GET /api/v1/convenanten":               {allow: loggedIn, token: true},
	"POST /api/v1/convenanten":              {allow: func(c matrixCase) bool { return c.role == vios.RoleRegisseur }, token: true},
	"GET /api/v1/convenanten/{id}":          {allow: covenantReaders, record: "convenant", token: true},
	"PUT /api/v1/convenanten/{id}":          {allow: inOwn(vios.RoleRegisseur), record: "convenant", token: true},
	"GET /api/v1/convenanten/{id}/naleving": {allow: covenantReaders, record: "convenant", token: true},
	"GET /api/v1/deelafspraken/{id}":        {allow: covenantReaders, record: "deelafspraak", token: true},
	"GET /api/v1/verwerkingsactiviteiten":   {allow: func(c matrixCase) bool { return c.role == vios.RoleFG || c.role == vios.RoleRegisseur }, token: true},
	"GET /api/v1/werkagendas":               {allow: loggedIn, token: true},
	// Trends across schools: the regisseur decides the trend job's
	// proposals; the national view is open data, the web page for the
	// landelijk role and, the same figures, for anyone.
	"GET /api/v1/trends":                 {allow: loggedIn, token: true},
	"POST /api/v1/trends/{id}/_opnemen":  {allow: inOwn(vios.RoleRegisseur), record: "trend", token: true},
	"POST /api/v1/trends/{id}/_afwijzen": {allow: inOwn(vios.RoleRegisseur), record: "trend", token: true},
	"GET /api/v1/open/landelijk":         {allow: anyone},
	"GET /trends/{gemeente}":             {allow: inOwn(vios.RoleRegisseur)},
	"POST /trends/{gemeente}":            {allow: inOwn(vios.RoleRegisseur)},
	"GET /landelijk":                     {allow: func(c matrixCase) bool { return c.role == vios.RoleLandelijk }},
	"GET /open-data":                     {allow: anyone},
	// Adding a municipality with its first beheerder: the landelijk role
	// (the operator also on the command line, vios municipality add).
	"GET /gemeenten/nieuw":  {allow: func(c matrixCase) bool { return c.role == vios.RoleLandelijk }},
	"POST /gemeenten/nieuw": {allow: func(c matrixCase) bool { return c.role == vios.RoleLandelijk }},

	// School safety plans: the fixture plan is the demo school's, its
	// first section written by the police (the partner), the school
	// account marked as one that may approve. The municipality's staff
	// read every plan; the beheerder marks who may approve.
	"GET /veiligheidsplannen/{gemeente}":                                      {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur, vios.RoleFG, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner)},
	"GET /veiligheidsplannen/{gemeente}/nieuw":                                {allow: inOwn(vios.RoleSchool)},
	"POST /veiligheidsplannen/{gemeente}/nieuw":                               {allow: inOwn(vios.RoleSchool)},
	"POST /veiligheidsplannen/{gemeente}/vaststellers":                        {allow: inOwn(vios.RoleBeheerder)},
	"GET /veiligheidsplan-sjablonen/{gemeente}":                               {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur)},
	"POST /veiligheidsplan-sjablonen/{gemeente}":                              {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur)},
	"POST /veiligheidsplan-sjablonen/{gemeente}/verwijderen":                  {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur)},
	"GET /veiligheidsplannen/{gemeente}/{id}":                                 {allow: planReaders, record: "veiligheidsplan"},
	"GET /veiligheidsplannen/{gemeente}/{id}/versies":                         {allow: planReaders, record: "veiligheidsplan"},
	"GET /veiligheidsplannen/{gemeente}/{id}/afdrukken":                       {allow: planReaders, record: "veiligheidsplan"},
	"GET /veiligheidsplannen/{gemeente}/{id}/veiligheidsplan.pdf":             {allow: planReaders, record: "veiligheidsplan"},
	"GET /veiligheidsplannen/{gemeente}/{id}/factsheet":                       {allow: planReaders, record: "veiligheidsplan"},
	"GET /veiligheidsplannen/{gemeente}/{id}/factsheet.pdf":                   {allow: planReaders, record: "veiligheidsplan"},
	"POST /veiligheidsplannen/{gemeente}/{id}/onderdelen/{onderdeel}":         {allow: inOwn(vios.RoleSchool, vios.RolePartner), record: "veiligheidsplan"},
	"POST /veiligheidsplannen/{gemeente}/{id}/onderdelen/{onderdeel}/partner": {allow: inOwn(vios.RoleSchool), record: "veiligheidsplan"},
	"POST /veiligheidsplannen/{gemeente}/{id}/opmerkingen":                    {allow: inOwn(vios.RoleSchool, vios.RolePartner), record: "veiligheidsplan"},
	"POST /veiligheidsplannen/{gemeente}/{id}/vaststellen":                    {allow: inOwn(vios.RoleSchool), record: "veiligheidsplan"},
	"POST /veiligheidsplannen/{gemeente}/{id}/herzien":                        {allow: inOwn(vios.RoleSchool), record: "veiligheidsplan"},
	"POST /veiligheidsplannen/{gemeente}/{id}/delen":                          {allow: inOwn(vios.RoleSchool), record: "veiligheidsplan"},
	"POST /veiligheidsplannen/{gemeente}/{id}/helpers":                        {allow: inOwn(vios.RoleSchool), record: "veiligheidsplan"},
	"POST /veiligheidsplannen/{gemeente}/{id}/maatregelen":                    {allow: inOwn(vios.RoleSchool), record: "veiligheidsplan"},
	"POST /veiligheidsplannen/{gemeente}/{id}/herzieningsdata":                {allow: inOwn(vios.RoleSchool), record: "veiligheidsplan"},
	"GET /api/v1/veiligheidsplannen":                                          {allow: loggedIn, token: true},
	"GET /api/v1/veiligheidsplannen/{id}":                                     {allow: planReaders, record: "veiligheidsplan", token: true},
	"GET /api/v1/veiligheidsplannen/{id}/versies":                             {allow: planReaders, record: "veiligheidsplan", token: true},
	"POST /api/v1/veiligheidsplannen":                                         {allow: inOwn(vios.RoleSchool), token: true},
	"GET /api/v1/veiligheidsplannen/{id}/opmerkingen":                         {allow: planReaders, record: "veiligheidsplan", token: true},
	"POST /api/v1/veiligheidsplannen/{id}/opmerkingen":                        {allow: inOwn(vios.RoleSchool, vios.RolePartner), record: "veiligheidsplan", token: true},
	"PUT /api/v1/veiligheidsplannen/{id}/onderdelen/{onderdeelId}":            {allow: inOwn(vios.RoleSchool, vios.RolePartner), record: "veiligheidsplan", token: true},
	"POST /api/v1/veiligheidsplannen/{id}/_vaststellen":                       {allow: inOwn(vios.RoleSchool), record: "veiligheidsplan", token: true},
	// The yearly work agenda: read by every role held in the municipality
	// except the national one (as the sociale kaart), kept by the regisseur.
	// {jaar} is this year; the fixture priority is on this year's agenda.
	"GET /werkagenda/{gemeente}":                                       {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur, vios.RoleFG, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner)},
	"GET /werkagenda/{gemeente}/{jaar}":                                {allow: inOwn(vios.RoleBeheerder, vios.RoleRegisseur, vios.RoleFG, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner)},
	"POST /werkagenda/{gemeente}/{jaar}/prioriteiten":                  {allow: inOwn(vios.RoleRegisseur)},
	"POST /werkagenda/{gemeente}/{jaar}/prioriteiten/{id}":             {allow: inOwn(vios.RoleRegisseur), record: "prioriteit"},
	"POST /werkagenda/{gemeente}/{jaar}/prioriteiten/{id}/actiepunten": {allow: inOwn(vios.RoleRegisseur), record: "prioriteit"},
	"POST /werkagenda/{gemeente}/{jaar}/overnemen":                     {allow: inOwn(vios.RoleRegisseur)},

	// Signals: members of a network of the municipality and the
	// regisseur. The fixture signal is the school's in the demo kernteam:
	// every member and the regisseur see it (by name or pseudonym); others,
	// and everyone outside the municipality, see nothing of it.
	"GET /signalen":                                                         {allow: loggedIn},
	"GET /signalen/{gemeente}":                                              {allow: networkMembers},
	"GET /signalen/{gemeente}/nieuw":                                        {allow: networkMembers},
	"POST /signalen/{gemeente}/nieuw":                                       {allow: networkMembers},
	"GET /melden":                                                           {allow: loggedIn},
	"GET /signalen/{gemeente}/melden":                                       {allow: networkMembers},
	"POST /signalen/{gemeente}/melden":                                      {allow: networkMembers},
	"POST /signalen/{gemeente}/melden/leerlingen":                           {allow: networkMembers},
	"GET /signalen/{gemeente}/{id}":                                         {allow: networkMembers, record: "signaal"},
	"POST /signalen/{gemeente}/{id}/agenderen":                              {allow: networkMembers, record: "signaal"},
	"POST /signalen/{gemeente}/{id}/afhandelen":                             {allow: networkMembers, record: "signaal"},
	"POST /overleggen/{gemeente}/{id}/agendapunten/{punt}/verslag-met-naam": {allow: networkRunners, record: "overleg"},
	// Completing the school's signal: the school (who entered it, also the
	// chair), the secretary and the regisseur; the police member may not.
	"GET /signalen/{gemeente}/{id}/aanvullen":  {allow: networkRunners, record: "signaal"},
	"POST /signalen/{gemeente}/{id}/aanvullen": {allow: networkRunners, record: "signaal"},
	// Search: like the signals list, for members of a network and the
	// regisseur; what each finds is the store's (AccessOf).
	"GET /zoeken":             {allow: loggedIn},
	"GET /zoeken/{gemeente}":  {allow: networkMembers},
	"POST /zoeken/{gemeente}": {allow: networkMembers},
	// Cases: the fixture case is made of a second signal of the school,
	// with the police member as owner (regiehouder) and one referral. Every
	// member sees it and adds notes and referrals; those who direct it (chair,
	// secretary, regisseur and the owner: here every member) change the plan,
	// agree actions and close it. Only those who direct the network make a
	// case of a signal.
	"GET /casussen/{gemeente}":                                 {allow: networkMembers},
	"GET /casussen/{gemeente}/{id}":                            {allow: networkMembers, record: "casus"},
	"POST /casussen/{gemeente}/{id}/plan":                      {allow: networkMembers, record: "casus"},
	"POST /casussen/{gemeente}/{id}/notities":                  {allow: networkMembers, record: "casus"},
	"POST /casussen/{gemeente}/{id}/verwijzingen":              {allow: networkMembers, record: "casus"},
	"POST /casussen/{gemeente}/{id}/verwijzingen/{verwijzing}": {allow: networkMembers, record: "casus"},
	"POST /casussen/{gemeente}/{id}/actiepunten":               {allow: networkMembers, record: "casus"},
	"POST /casussen/{gemeente}/{id}/sluiten":                   {allow: networkMembers, record: "casus"},
	"GET /signalen/{gemeente}/{id}/casus":                      {allow: networkRunners, record: "signaal"},
	// Transfers to the next school: school staff only; the fixture's
	// "schoolcasus" is directed by the school account (the owner prepares
	// and sends), and "overdracht" is a notice the other municipality sent
	// to the school account's school (its staff open and decide it).
	"GET /overdrachten/{gemeente}":               {allow: inOwn(vios.RoleSchool)},
	"GET /overdrachten/{gemeente}/{id}":          {allow: inOwn(vios.RoleSchool), record: "overdracht"},
	"POST /overdrachten/{gemeente}/{id}/besluit": {allow: inOwn(vios.RoleSchool), record: "overdracht"},
	"GET /casussen/{gemeente}/{id}/overdracht":   {allow: inOwn(vios.RoleSchool), record: "schoolcasus"},
	"POST /casussen/{gemeente}/{id}/overdracht":  {allow: inOwn(vios.RoleSchool), record: "schoolcasus"},
	// Incident protocols: the municipality's staff and its schools and
	// partners read; the fixture's protocol is the demo school's, whose
	// networks hold the police (the partner). A protocol without a school
	// (an empty form) is the municipality's default: regisseur and
	// coordinator write it; a school's, its staff. The legal checklist:
	// staff read every school's, a school its own (the list sends it
	// there); only the school states its facts.
	"GET /incidentprotocollen/{gemeente}":                  {allow: inOwn(vios.RoleRegisseur, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner)},
	"POST /incidentprotocollen/{gemeente}":                 {allow: inOwn(vios.RoleRegisseur, vios.RoleCoordinator)},
	"POST /incidentprotocollen/{gemeente}/uit-convenant":   {allow: inOwn(vios.RoleRegisseur, vios.RoleCoordinator)},
	"GET /incidentprotocollen/{gemeente}/wat-te-doen":      {allow: inOwn(vios.RoleRegisseur, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner)},
	"GET /incidentprotocollen/{gemeente}/{id}":             {allow: inOwn(vios.RoleRegisseur, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner), record: "incidentprotocol"},
	"POST /incidentprotocollen/{gemeente}/{id}":            {allow: inOwn(vios.RoleSchool), record: "incidentprotocol"},
	"GET /incidentprotocollen/{gemeente}/{id}/kaart":       {allow: inOwn(vios.RoleRegisseur, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner), record: "incidentprotocol"},
	"POST /incidentprotocollen/{gemeente}/evaluaties/{id}": {allow: inOwn(vios.RoleSchool), record: "protocolevaluatie"},
	// The knowledge bank: the list and openbaar items for anyone, an eigen
	// item never outside its municipality (the fixture's own record is
	// Arnhem's openbaar item, the other Den Haag's eigen one); written by
	// the municipality's regisseur, beheerder and OTSV.
	"GET /kennisbank":                        {allow: anyone, hides: "kennisbanktitel"},
	"GET /kennisbank/{id}":                   {allow: func(c matrixCase) bool { return c.ownRecord }, record: "kennisbank"},
	"GET /kennisbank/{gemeente}/nieuw":       {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleOTSV)},
	"POST /kennisbank/{gemeente}/nieuw":      {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleOTSV)},
	"GET /kennisbank/{id}/wijzigen":          {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleOTSV), record: "kennisbank"},
	"POST /kennisbank/{id}/wijzigen":         {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleOTSV), record: "kennisbank"},
	"POST /kennisbank/{id}/intrekken":        {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleOTSV), record: "kennisbank-vers"},
	"GET /api/v1/open/kennisbank":            {allow: anyone, hides: "kennisbanktitel"},
	"GET /api/v1/open/kennisbank/{id}":       {allow: func(c matrixCase) bool { return c.ownRecord }, record: "kennisbank"},
	"GET /wettelijke-eisen/{gemeente}":       {allow: inOwn(vios.RoleRegisseur, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool)},
	"GET /wettelijke-eisen/{gemeente}/{id}":  {allow: inOwn(vios.RoleRegisseur, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool), record: "schoolvaneisen"},
	"POST /wettelijke-eisen/{gemeente}/{id}": {allow: inOwn(vios.RoleSchool), record: "schoolvaneisen"},
	"POST /signalen/{gemeente}/{id}/casus":   {allow: networkRunners, record: "signaal"},
	// Acute alerts. The fixture alert group of each municipality has
	// the school account (chair) and the police account as members; the
	// school raised the fixture alert, so the police is its recipient. The
	// live stream (a plain request gets the moment's events and ends) is
	// every logged-in user's own.
	"GET /alerts/stroom":                     {allow: loggedIn},
	"GET /alerts/{gemeente}":                 {allow: networkMembers},
	"POST /alerts/{gemeente}":                {allow: networkMembers},
	"GET /alerts/{gemeente}/{id}":            {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool, vios.RolePartner), record: "alert"},
	"POST /alerts/{gemeente}/{id}/gezien":    {allow: inOwn(vios.RolePartner), record: "alert"},
	"POST /alerts/{gemeente}/{id}/afsluiten": {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool), record: "alert"},
	// The casework API (personal token). Lists answer everyone with a token
	// (only what their networks hold); records as on the web. A write with an
	// empty body is a 415 (allowed) for whoever sees the record, a 404 for
	// others; whether a reader may also make the change (close an alert, a
	// case) is decided with the data (api and store tests).
	"GET /api/v1/signalen":                    {allow: loggedIn, token: true},
	"POST /api/v1/signalen":                   {allow: loggedIn, token: true},
	"GET /api/v1/signalen/{id}":               {allow: networkMembers, record: "signaal", token: true},
	"POST /api/v1/signalen/{id}/_agenderen":   {allow: networkMembers, record: "signaal", token: true},
	"POST /api/v1/signalen/{id}/_afhandelen":  {allow: networkMembers, record: "signaal", token: true},
	"GET /api/v1/casussen":                    {allow: loggedIn, token: true},
	"POST /api/v1/casussen":                   {allow: loggedIn, token: true},
	"GET /api/v1/casussen/{id}":               {allow: networkMembers, record: "casus", token: true},
	"GET /api/v1/netwerken/{id}/berichten":    {allow: networkPlaces, record: "netwerk", token: true},
	"POST /api/v1/netwerken/{id}/berichten":   {allow: networkPlaces, record: "netwerk", token: true},
	"GET /api/v1/casussen/{id}/berichten":     {allow: caseThreadReaders, record: "casus", token: true},
	"POST /api/v1/casussen/{id}/berichten":    {allow: caseThreadReaders, record: "casus", token: true},
	"PUT /api/v1/casussen/{id}":               {allow: networkMembers, record: "casus", token: true},
	"POST /api/v1/casussen/{id}/notities":     {allow: networkMembers, record: "casus", token: true},
	"POST /api/v1/casussen/{id}/_sluiten":     {allow: networkMembers, record: "casus", token: true},
	"POST /api/v1/casussen/{id}/verwijzingen": {allow: networkMembers, record: "casus", token: true},
	"PATCH /api/v1/verwijzingen/{id}":         {allow: networkMembers, record: "verwijzing", token: true},
	"POST /api/v1/leerlingen/_zoek":           {allow: loggedIn, token: true},
	"GET /api/v1/alerts":                      {allow: loggedIn, token: true},
	"POST /api/v1/alerts":                     {allow: loggedIn, token: true},
	"GET /api/v1/alerts/{id}":                 {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool, vios.RolePartner), record: "alert", token: true},
	"POST /api/v1/alerts/{id}/_gezien":        {allow: inOwn(vios.RolePartner), record: "alert", token: true},
	"POST /api/v1/alerts/{id}/_afsluiten":     {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool, vios.RolePartner), record: "alert", token: true},
	// Attachments: as their record. Added by who may change it (members
	// to a signal or case, the runners of a meeting, the regisseur to a
	// covenant); the files of a pupil's record only for the readers of its
	// names. The fixture file is a fresh one on the fixture signal, added
	// by the school.
	"POST /signalen/{gemeente}/{id}/bijlagen":    {allow: attachmentReaders, record: "signaal"},
	"POST /casussen/{gemeente}/{id}/bijlagen":    {allow: attachmentReaders, record: "casus"},
	"POST /convenanten/{gemeente}/{id}/bijlagen": {allow: inOwn(vios.RoleRegisseur), record: "convenant"},
	"POST /overleggen/{gemeente}/{id}/bijlagen":  {allow: networkRunners, record: "overleg"},
	"GET /bijlagen/{gemeente}/{id}":              {allow: attachmentReaders, record: "bijlage"},
	"POST /bijlagen/{gemeente}/{id}/verwijderen": {allow: attachmentReaders, record: "bijlage"},
	"GET /api/v1/signalen/{id}/bijlagen":         {allow: attachmentReaders, record: "signaal", token: true},
	"POST /api/v1/signalen/{id}/bijlagen":        {allow: attachmentReaders, record: "signaal", token: true},
	"GET /api/v1/casussen/{id}/bijlagen":         {allow: attachmentReaders, record: "casus", token: true},
	"POST /api/v1/casussen/{id}/bijlagen":        {allow: attachmentReaders, record: "casus", token: true},
	"GET /api/v1/convenanten/{id}/bijlagen":      {allow: covenantReaders, record: "convenant", token: true},
	"POST /api/v1/convenanten/{id}/bijlagen":     {allow: inOwn(vios.RoleRegisseur), record: "convenant", token: true},
	"GET /api/v1/overleggen/{id}/bijlagen":       {allow: inOwn(vios.RoleSchool, vios.RoleCoordinator, vios.RolePartner), record: "overleg", token: true},
	"POST /api/v1/overleggen/{id}/bijlagen":      {allow: networkRunners, record: "overleg", token: true},
	"GET /api/v1/bijlagen/{id}/inhoud":           {allow: attachmentReaders, record: "bijlage", token: true},
	"DELETE /api/v1/bijlagen/{id}":               {allow: attachmentReaders, record: "bijlage", token: true},
	"GET /api/v1/berichten/{id}/bijlagen":        {allow: inOwn(vios.RolePartner), record: "bericht", token: true},
	"POST /api/v1/berichten/{id}/bijlagen":       {allow: inOwn(vios.RolePartner), record: "bericht", token: true},
	// Transfers: lists and a send with an empty body (415) answer everyone
	// with a token; a received transfer only its school's staff.
	"GET /api/v1/overdrachten":                   {allow: loggedIn, token: true},
	"POST /api/v1/overdrachten":                  {allow: loggedIn, token: true},
	"GET /api/v1/overdrachten/{id}":              {allow: inOwn(vios.RoleSchool), record: "overdracht", token: true},
	"POST /api/v1/overdrachten/{id}/_aanvaarden": {allow: inOwn(vios.RoleSchool), record: "overdracht", token: true},
	"POST /api/v1/overdrachten/{id}/_afwijzen":   {allow: inOwn(vios.RoleSchool), record: "overdracht", token: true},
	// Incident protocols and the legal checklist, read-only: a list of what
	// the token's user may read; a record as on the web pages.
	"GET /api/v1/incidentprotocollen":           {allow: loggedIn, token: true},
	"GET /api/v1/incidentprotocollen/{id}":      {allow: inOwn(vios.RoleRegisseur, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner), record: "incidentprotocol", token: true},
	"GET /api/v1/scholen/{id}/wettelijke-eisen": {allow: inOwn(vios.RoleRegisseur, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool), record: "schoolvaneisen", token: true},
	// Writing protocols: the school its own, the regisseur and coordinators
	// the defaults (the create's body names which); the evaluation and the
	// legal facts only the school.
	"POST /api/v1/incidentprotocollen":                              {allow: inOwn(vios.RoleRegisseur, vios.RoleCoordinator, vios.RoleSchool), token: true},
	"PUT /api/v1/incidentprotocollen/{id}":                          {allow: inOwn(vios.RoleSchool), record: "incidentprotocol", token: true},
	"PUT /api/v1/incidentprotocollen/{id}/evaluaties/{evaluatieId}": {allow: inOwn(vios.RoleSchool), record: "incidentprotocol", token: true},
	"PUT /api/v1/scholen/{id}/wettelijke-eisen":                     {allow: inOwn(vios.RoleSchool), record: "schoolvaneisen", token: true},

	// A message's writer edits it, its writer or the chair deletes it (the
	// fixture message is the police member's; the school chairs); an
	// empty PATCH is a 415 for whoever reads the thread.
	"PATCH /api/v1/netwerken/{id}/berichten/{bericht}":  {allow: networkPlaces, record: "netwerk", token: true},
	"DELETE /api/v1/netwerken/{id}/berichten/{bericht}": {allow: inOwn(vios.RolePartner, vios.RoleSchool), record: "netwerk", token: true},
	"PATCH /api/v1/casussen/{id}/berichten/{bericht}":   {allow: caseThreadReaders, record: "casus", token: true},
	"DELETE /api/v1/casussen/{id}/berichten/{bericht}":  {allow: caseThreadReaders, record: "casus", token: true},
	// Data-subject requests and retention: the privacy officer only.
	"GET /inzage/{gemeente}":                    {allow: inOwn(vios.RoleFG)},
	"POST /inzage/{gemeente}":                   {allow: inOwn(vios.RoleFG)},
	"GET /inzage/{gemeente}/{id}":               {allow: inOwn(vios.RoleFG), record: "leerling"},
	"GET /inzage/{gemeente}/{id}/pdf":           {allow: inOwn(vios.RoleFG), record: "leerling"},
	"GET /inzage/{gemeente}/{id}/afdrukken":     {allow: inOwn(vios.RoleFG), record: "leerling"},
	"GET /inzage/{gemeente}/{id}/json":          {allow: inOwn(vios.RoleFG), record: "leerling"},
	"POST /inzage/{gemeente}/{id}/correctie":    {allow: inOwn(vios.RoleFG), record: "leerling"},
	"POST /inzage/{gemeente}/{id}/wissen":       {allow: inOwn(vios.RoleFG), record: "leerling"},
	"GET /bewaartermijnen/{gemeente}":           {allow: inOwn(vios.RoleFG)},
	"POST /bewaartermijnen/{gemeente}/proefrun": {allow: inOwn(vios.RoleFG)},

	// A message made an action item: who runs the network's meetings (the
	// network's thread is not the regisseur's, see networkPlaces).
	"POST /netwerken/{gemeente}/{id}/berichten/{bericht}/actiepunt": {allow: inOwn(vios.RoleSchool, vios.RoleCoordinator), record: "netwerk"},
	"POST /casussen/{gemeente}/{id}/berichten/{bericht}/actiepunt":  {allow: caseThreadReaders, record: "casus"},
	// A network's own, shorter period for its messages: who manages it.
	"POST /netwerken/{gemeente}/{id}/bewaartermijn-berichten": {allow: networkChair, record: "netwerk"},
	// The chair's export of the thread (the regisseur has no place in it).
	"GET /netwerken/{gemeente}/{id}/berichten/afdrukken":  {allow: inOwn(vios.RoleSchool), record: "netwerk"},
	"GET /netwerken/{gemeente}/{id}/berichten/export.pdf": {allow: inOwn(vios.RoleSchool), record: "netwerk"},

	// The municipal dashboard: the regisseur, and a school's staff for
	// their own school (docs/ACCESS.md); everyone else 404.
	"GET /statistieken":                   {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool)},
	"GET /statistieken/{gemeente}":        {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool)},
	"GET /statistieken/{gemeente}/export": {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool)},
	"GET /api/v1/statistieken":            {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool), token: true},
}

// The places in the demo kernteam (see demo.LoadNetworks).
