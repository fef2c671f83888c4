package demo

import vios "github.com/vios-platform/vios"

// municipalities returns the 12 municipalities of the report, in
// alphabetical order. Elements follow table 2.1, reach and phase table 2.2
// (section 2.3.2); the models follow section 2.4. Organisations are
// fictional. The function builds fresh values on every call.
func municipalities() []municipalityData {
	return append([]municipalityData{
		{
			slug:         "amsterdam",
			name:         "Amsterdam",
			kind:         vios.MunicipalityKindGemeente,
			approachName: "Aanpak Schoolveiligheid Amsterdam",
			model:        "amsterdam",
			summary: "Amsterdam ondersteunt scholen per stadsdeel met projectleiders Jeugd & Veiligheid en schoolveiligheidsoverleggen, " +
				"en stedelijk met het Operationeel Team Schoolveiligheid (OTSV). Daarnaast financiert de gemeente trainingen, " +
				"jongerenwerk op school en straatcoaches rond schooltijden.",
			elements: []vios.ApproachElement{
				el("overkoepelend_overleg", "Schoolveiligheidsoverleggen per stadsdeel of wijk"),
				el("coordinator", "Projectleider Jeugd & Veiligheid"),
				el("veiligheidscoordinator_school", "Op elke school; op een deel van de scholen nog in ontwikkeling"),
				el("otsv", "Operationeel Team Schoolveiligheid (OTSV), stedelijk"),
				el("trainingen", "Trainingen voor schoolmedewerkers"),
				el("jongerenwerk_op_school", "Inzet jongerenwerk"),
				el("straatcoaches", "Rond pauzes en schooltijden"),
				el("maatwerk", ""),
			},
			reachDescription: "Ruim de helft van de scholen in de gemeente; vo-scholen en mbo. Po-scholen zijn in de verkennende fase.",
			reach: []vios.ReachSchoolType{
				reach("vo", "deelnemend", 20),
				reach("mbo", "deelnemend", 4),
				reach("po", "verkennend", 0),
			},
			phase: vios.Phase{
				Phase:    "uitvoering",
				Remark:   "Uitvoeringsfase",
				Ambition: "Aan het eind van 2026 in ieder stadsdeel een goede netwerkstructuur met scholen en partners",
			},
			neighbourhoods: []string{
				"Osdorp", "Geuzenveld", "Slotervaart", "Bos en Lommer", "De Baarsjes", "Indische Buurt", "Transvaalbuurt",
				"Watergraafsmeer", "Buikslotermeer", "Tuindorp Oostzaan", "Bijlmer-Centrum", "Gaasperdam", "Rivierenbuurt", "Oud-West",
			},
			otherSchools: []otherSchools{
				{"po", 2, []string{"Osdorp", "Banne Buiksloot"}},
				{"vo", 2, []string{"Rivierenbuurt", "Oud-Zuid"}},
			},
			orgs: []orgSpec{
				team("oov", "Gemeente Amsterdam – team OOV", "beleidsadviseur schoolveiligheid"),
				team("onderwijs", "Gemeente Amsterdam – team Onderwijs", "beleidsadviseur onderwijs"),
				team("oov", "Gemeente Amsterdam – Operationeel Team Schoolveiligheid", "adviseur OTSV").times(2),
				team("oov", "Gemeente Amsterdam – team Jeugd & Veiligheid Nieuw-West", "projectleider Jeugd & Veiligheid"),
				team("oov", "Gemeente Amsterdam – team Jeugd & Veiligheid Noord", "projectleider Jeugd & Veiligheid"),
				team("oov", "Gemeente Amsterdam – team Jeugd & Veiligheid Zuidoost", "stadsdeelcoördinator schoolveiligheid"),
				partner("politie", "Politie basisteam Amsterdam Nieuw-West", ""),
				partner("politie", "Politie basisteam Amsterdam Noord", "jeugdagent"),
				partner("jongerenwerk", "Jongerenwerk Buurtvonk", "jongerenwerker op school"),
				partner("leerplicht", "Leerplicht gemeente Amsterdam", ""),
				partner("halt", "Halt Amsterdam", ""),
				partner("sociaal_wijkteam", "Buurtteam Nieuw-West", "medewerker buurtteam"),
				partner("straatcoaches", "Straatcoaches Amsterdam", ""),
			},
		},
		{
			slug:         "arnhem",
			name:         "Arnhem",
			kind:         vios.MunicipalityKindGemeente,
			approachName: "VIOS-Arnhem",
			model:        "arnhem",
			summary: "In Arnhem levert een externe stichting voor elke school een schoolveiligheidscoördinator, die een kernteam met lokale partners opzet " +
				"en de kernteam- en signaleringsoverleggen coördineert. De aanpak rust op drie pijlers: stevige samenwerking, " +
				"een schoolveiligheidsplan op iedere school en meer kennis en vaardigheden over veiligheidsthema's.",
			elements: []vios.ApproachElement{
				el("schoolveiligheidsplan", "Stimuleren schoolveiligheidsplannen"),
				el("coordinator", "Externe schoolveiligheidscoördinator per school"),
				el("kernteam", "Kernteam(overleg) per school"),
				el("signaleringsoverleg", "Signaleringsoverleg per school"),
				el("convenant", "Samenwerkingsovereenkomst"),
				el("jongerenwerk_op_school", "Jongerenwerk op school (JOS)"),
				el("straatcoaches", "Ingezet bij scholen"),
				el("trainingen", ""),
				el("maatwerk", ""),
			},
			reachDescription: "Alle vo-scholen (13 scholen), 2 po-scholen en 1 mbo.",
			reach: []vios.ReachSchoolType{
				reach("vo", "deelnemend", 13),
				reach("po", "deelnemend", 2),
				reach("mbo", "deelnemend", 1),
			},
			phase: vios.Phase{Phase: "uitvoering", StartDate: month(2021, 3), Remark: "VIOS loopt sinds maart 2021."},
			neighbourhoods: []string{
				"Presikhaaf", "Malburgen", "Het Arnhemse Broek", "Klarendal", "Geitenkamp", "Elderveld",
				"Schuytgraaf", "Rijkerswoerd", "Spijkerkwartier", "Sint Marten", "Burgemeesterswijk", "Vredenburg",
			},
			otherSchools: []otherSchools{
				{"po", 1, []string{"Elden"}},
			},
			orgs: []orgSpec{
				team("oov", "Gemeente Arnhem – team OOV", "regisseur Jeugd & Veiligheid"),
				team("onderwijs", "Gemeente Arnhem – team Onderwijs", "beleidsadviseur onderwijs"),
				team("pmg", "Gemeente Arnhem – team Preventie met Gezag", "programmamanager Preventie met Gezag"),
				coordinatorOrg("Stichting Samen Schoolveilig", "externe schoolveiligheidscoördinator").times(3),
				partner("politie", "Politie basisteam Arnhem-Noord", ""),
				partner("politie", "Politie basisteam Arnhem-Zuid", ""),
				partner("jongerenwerk", "Jongerenwerk Rijnkracht", "jongerenwerker op school"),
				partner("leerplicht", "Leerplicht gemeente Arnhem", ""),
				partner("halt", "Halt Arnhem", ""),
				partner("sociaal_wijkteam", "Sociaal wijkteam Presikhaaf", ""),
				partner("jeugdreclassering", "Jeugdreclassering regio Arnhem", ""),
				partner("straatcoaches", "Straatcoaches Arnhem", ""),
			},
		},
		{
			slug:         "delft",
			name:         "Delft",
			kind:         vios.MunicipalityKindGemeente,
			approachName: "VIOS-Delft",
			model:        "delft",
			summary: "Delft organiseert de samenwerking niet per school maar in overkoepelende overleggen op drie niveaus: uitvoerend, tactisch en strategisch. " +
				"Werkwijze en afspraken zijn vastgelegd in een convenant en een handelingsprotocol, zodat alle scholen bij incidenten op dezelfde manier handelen.",
			elements: []vios.ApproachElement{
				el("overkoepelend_overleg", "Op drie niveaus: uitvoerend, tactisch en strategisch"),
				el("coordinator", "Projectcoördinator VIOS"),
				el("convenant", "Convenant VIOS-Delft"),
				el("handelingsprotocol", "Eén handelingsprotocol voor alle scholen"),
				dev("veiligheidscoordinator_school", "Schoolveiligheidsfunctionaris"),
				el("programmas", "Programma Kapot Sterk"),
				el("trainingen", "Onder andere over sextortion en radicalisering"),
				planned("alert_app", "Signalenapp"),
			},
			reachDescription: "12 vo-scholen en 1 mbo. Primair onderwijs is in de verkennende fase.",
			reach: []vios.ReachSchoolType{
				reach("vo", "deelnemend", 12),
				reach("mbo", "deelnemend", 1),
				reach("po", "verkennend", 0),
			},
			phase: vios.Phase{
				Phase:     "uitvoering",
				StartDate: month(2023, 1),
				Remark:    "VIOS loopt sinds begin 2023.",
				Ambition:  "De 10 basisscholen in aandachtsgebied Delft-West gaan aansluiten.",
			},
			neighbourhoods: []string{
				"Buitenhof", "Voorhof", "Tanthof", "Wippolder", "Binnenstad", "Hof van Delft", "Vrijenban", "Voordijkshoorn",
			},
			otherSchools: []otherSchools{
				{"po", 2, []string{"Buitenhof", "Voorhof"}},
			},
			orgs: []orgSpec{
				team("oov", "Gemeente Delft – team OOV", "projectcoördinator VIOS"),
				team("onderwijs", "Gemeente Delft – team Onderwijs", "beleidsadviseur onderwijs"),
				partner("politie", "Politie basisteam Delft", ""),
				partner("jongerenwerk", "Jongerenwerk Vlietpunt", ""),
				partner("leerplicht", "Leerplicht gemeente Delft", ""),
				partner("halt", "Halt Delft", ""),
				partner("sociaal_wijkteam", "Sociaal wijkteam Delft-West", ""),
			},
		},
		{
			slug:         "den-haag",
			name:         "Den Haag",
			kind:         vios.MunicipalityKindGemeente,
			approachName: "VIOS-Den Haag",
			model:        "arnhem",
			summary: "Den Haag werkt vanuit de uitgangspunten van het Arnhemse model met kernteams op vo-scholen en een mbo in Den Haag Zuidwest, " +
				"vastgelegd in een samenwerkingsovereenkomst met handelingsprotocol. De gemeente voert de aanpak zelf uit, zonder externe uitvoerder.",
			elements: []vios.ApproachElement{
				el("schoolveiligheidsplan", "Stimuleren schoolveiligheidsplannen"),
				el("convenant", "Samenwerkingsovereenkomst"),
				el("handelingsprotocol", ""),
				el("kernteam", ""),
				el("veiligheidscoordinator_school", "Veiligheidscoördinatoren op de scholen"),
				el("overkoepelend_overleg", "Veiligheidscoördinatorenoverleg"),
			},
			reachDescription: "4 vo-scholen en 1 mbo, allen in Den Haag Zuidwest.",
			reach: []vios.ReachSchoolType{
				reach("vo", "deelnemend", 4),
				reach("mbo", "deelnemend", 1),
			},
			phase: vios.Phase{
				Phase:     "uitvoering",
				StartDate: month(2024, 10),
				Remark:    "VIOS loopt sinds oktober 2024, derhalve is nog weinig bekend over de resultaten.",
			},
			neighbourhoods: []string{"Moerwijk", "Morgenstond", "Bouwlust/Vrederust"},
			otherSchools: []otherSchools{
				{"vo", 2, []string{"Centrum", "Scheveningen"}},
			},
			orgs: []orgSpec{
				team("oov", "Gemeente Den Haag – team OOV", "coördinator VIOS"),
				team("onderwijs", "Gemeente Den Haag – team Onderwijs", "beleidsadviseur onderwijs"),
				team("pmg", "Gemeente Den Haag – team Preventie met Gezag", "programmamanager Preventie met Gezag"),
				partner("politie", "Politie basisteam Den Haag Zuidwest", ""),
				partner("jongerenwerk", "Jongerenwerk Wijkkracht Zuidwest", ""),
				partner("leerplicht", "Leerplicht gemeente Den Haag", ""),
				partner("halt", "Halt Den Haag", ""),
				partner("sociaal_wijkteam", "Sociaal wijkteam Zuidwest", ""),
			},
		},
		{
			slug:         "eindhoven",
			name:         "Eindhoven",
			kind:         vios.MunicipalityKindGemeente,
			approachName: "VIOS-Eindhoven",
			model:        "eigen",
			summary: "Eindhoven brengt vo- en mbo-scholen samen in het Inloopuur VIOS, waaruit handreikingen, themabijeenkomsten en trainingen voortkomen. " +
				"Met de Code Oranje app staan scholen, handhaving en politie in acute situaties direct met elkaar in contact.",
			elements: []vios.ApproachElement{
				el("overkoepelend_overleg", "Inloopuur VIOS"),
				el("handreikingen", ""),
				el("kennisbijeenkomsten", "Themabijeenkomsten"),
				el("trainingen", ""),
				el("alert_app", "Code Oranje app"),
				el("coordinator", "Projectleider jeugd en veiligheid"),
			},
			reachDescription: "44 vo-scholen en mbo-scholen zitten in het samenwerkingsverband. " +
				"De 70 po-scholen zijn uitgenodigd voor het inloopspreekuur.",
			reach: []vios.ReachSchoolType{
				reach("vo", "deelnemend", 38),
				reach("mbo", "deelnemend", 6),
				reach("po", "uitgenodigd", 70),
			},
			phase: vios.Phase{Phase: "uitvoering", StartDate: month(2020, 1), Remark: "VIOS loopt sinds 2020."},
			neighbourhoods: []string{
				"Woensel-Noord", "Woensel-Zuid", "Stratum", "Strijp", "Gestel", "Tongelre", "Centrum", "Meerhoven",
			},
			orgs: []orgSpec{
				team("oov", "Gemeente Eindhoven – team OOV", "projectleider jeugd en veiligheid"),
				team("onderwijs", "Gemeente Eindhoven – team Onderwijs", "beleidsadviseur onderwijs"),
				team("sociaal_domein", "Gemeente Eindhoven – team Sociaal domein", "beleidsadviseur jeugd"),
				partner("politie", "Politie basisteam Eindhoven-Noord", ""),
				partner("jongerenwerk", "Jongerenwerk Lichtpunt", ""),
				partner("leerplicht", "Leerplicht gemeente Eindhoven", ""),
				partner("halt", "Halt Eindhoven", ""),
				partner("sociaal_wijkteam", "Sociaal wijkteam Woensel", ""),
				partner("handhaving", "Handhaving gemeente Eindhoven", ""),
			},
		},
		{
			slug:         "groningen",
			name:         "Groningen",
			kind:         vios.MunicipalityKindGemeente,
			approachName: "VIOS-Groningen",
			model:        "eigen",
			summary: "Groningen is eind 2024 gestart met een projectleider VIOS en richt zich op scholen in de noordelijke wijken als aandachtsgebied. " +
				"De gemeente brengt bestaande structuren en interventies in kaart en ontwikkelt thematische programma's en een profiel voor de veiligheidscoördinator.",
			elements: []vios.ApproachElement{
				el("schoolveiligheidsplan", "Stimuleren en inhoudelijk bijsturen"),
				el("coordinator", "Projectleider VIOS"),
				dev("programmas", "Thematische programma's en visuals voor professionals"),
				dev("veiligheidscoordinator_school", "Profiel veiligheidscoördinator wordt ontwikkeld"),
				dev("structuren_in_kaart", ""),
			},
			reachDescription: "3 po-scholen, 3 vo-scholen en 2 mbo-scholen gevestigd in de noordelijke wijken van Groningen (gezien als aandachtsgebied).",
			reach: []vios.ReachSchoolType{
				reach("po", "deelnemend", 3),
				reach("vo", "deelnemend", 3),
				reach("mbo", "deelnemend", 2),
			},
			phase: vios.Phase{
				Phase:     "plan",
				StartDate: month(2024, 11),
				Remark:    "Projectleider sinds november 2024; eind maart 2025 is het plan van aanpak geschreven.",
			},
			neighbourhoods: []string{"Vinkhuizen", "Paddepoel", "Selwerd", "De Hoogte", "Beijum", "Lewenborg"},
			otherSchools: []otherSchools{
				{"vo", 1, []string{"Helpman"}},
			},
			orgs: []orgSpec{
				team("oov", "Gemeente Groningen – team OOV", "projectleider VIOS"),
				team("onderwijs", "Gemeente Groningen – team Onderwijs", "beleidsadviseur onderwijs"),
				team("sociaal_domein", "Gemeente Groningen – team Sociaal domein", "beleidsadviseur jeugd"),
				partner("politie", "Politie basisteam Groningen-Noord", ""),
				partner("jongerenwerk", "Jongerenwerk Noorderkompas", ""),
				partner("leerplicht", "Leerplicht gemeente Groningen", ""),
				partner("halt", "Halt Groningen", ""),
				partner("sociaal_wijkteam", "Sociaal wijkteam Vinkhuizen", ""),
			},
		},
		{
			slug:         "leiden",
			name:         "Leiden",
			kind:         vios.MunicipalityKindGemeente,
			approachName: "VIOS-Leiden",
			model:        "arnhem",
			summary: "Leiden werkt vanuit de uitgangspunten van het Arnhemse model met een signaaloverleg en een handelingsprotocol voor alle vo-scholen. " +
				"Een schoolveiligheidsconvenant en een coördinator zijn in ontwikkeling; een nieuwsbrief van de gemeente deelt trends en ontwikkelingen.",
			elements: []vios.ApproachElement{
				el("signaleringsoverleg", "Signaaloverleg"),
				el("handelingsprotocol", ""),
				dev("convenant", "Schoolveiligheidsconvenant"),
				dev("coordinator", ""),
				el("nieuwsbrief", "Nieuwsbrief van de gemeente met trends en ontwikkelingen"),
			},
			reachDescription: "Alle vo-scholen (14 scholen) en 1 mbo.",
			reach: []vios.ReachSchoolType{
				reach("vo", "deelnemend", 14),
				reach("mbo", "deelnemend", 1),
			},
			phase: vios.Phase{Phase: "uitvoering", StartDate: month(2022, 11), Remark: "VIOS loopt sinds november/december 2022."},
			neighbourhoods: []string{
				"Leiden-Noord", "Merenwijk", "Stevenshof", "Binnenstad", "Roomburg", "Boerhaavewijk", "Morsdistrict", "Bos- en Gasthuisdistrict",
			},
			orgs: []orgSpec{
				team("oov", "Gemeente Leiden – team OOV", "beleidsadviseur schoolveiligheid"),
				team("onderwijs", "Gemeente Leiden – team Onderwijs", "beleidsadviseur onderwijs"),
				partner("politie", "Politie basisteam Leiden", ""),
				partner("jongerenwerk", "Jongerenwerk Sleutelkracht", ""),
				partner("leerplicht", "Leerplicht gemeente Leiden", ""),
				partner("halt", "Halt Leiden", ""),
				partner("sociaal_wijkteam", "Sociaal wijkteam Leiden-Noord", ""),
				partner("jeugdreclassering", "Jeugdreclassering regio Leiden", ""),
			},
		},
	}, municipalitiesLToZ()...)
}
