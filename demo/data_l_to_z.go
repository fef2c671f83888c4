package demo

import vios "github.com/vios-platform/vios"

// municipalitiesLToZ are the report's municipalities from Leidschendam-Voorburg
// on, in alphabetical order (municipalities returns all twelve).
func municipalitiesLToZ() []municipalityData {
	return []municipalityData{
		{
			slug:         "leidschendam-voorburg",
			name:         "Leidschendam-Voorburg",
			kind:         vios.MunicipalityKindGemeente,
			approachName: "VIOS-Leidschendam-Voorburg",
			model:        "arnhem",
			summary: "Leidschendam-Voorburg werkt met kernteams op alle vo-scholen en de mbo-school, onder regie van een projectleider aanpak schoolveiligheid. " +
				"Jongerencoaches, appgroepen en trainingen ondersteunen de samenwerking; Docentalert en Leerlingalert zijn in ontwikkeling.",
			elements: []vios.ApproachElement{
				el("schoolveiligheidsplan", "Stimuleren schoolveiligheidsplannen"),
				el("kernteam", ""),
				el("coordinator", "Projectleider aanpak schoolveiligheid"),
				el("trainingen", ""),
				el("jongerenwerk_op_school", "Jongerencoach; op een deel van de scholen nog in ontwikkeling"),
				el("appgroepen", ""),
				dev("alert_app", "Docentalert en Leerlingalert"),
			},
			reachDescription: "Alle vo-scholen (7 scholen) en de enige mbo. Vanaf 2026 sluit mogelijk primair onderwijs aan.",
			reach: []vios.ReachSchoolType{
				reach("vo", "deelnemend", 7),
				reach("mbo", "deelnemend", 1),
				reach("po", "gepland", 0),
			},
			phase: vios.Phase{
				Phase:     "uitvoering",
				StartDate: month(2024, 4),
				Remark:    "In april 2024 is het convenant getekend en afgesproken aan de slag te gaan met schoolveiligheid.",
			},
			neighbourhoods: []string{
				"Prinsenhof", "Damsigt", "Voorburg-West", "Voorburg-Noord", "De Heuvel", "Leidschendam-Zuid", "Oud Voorburg",
			},
			otherSchools: []otherSchools{
				{"po", 1, []string{"Prinsenhof"}},
			},
			orgs: []orgSpec{
				team("oov", "Gemeente Leidschendam-Voorburg – team OOV", "projectleider aanpak schoolveiligheid"),
				team("onderwijs", "Gemeente Leidschendam-Voorburg – team Onderwijs", "beleidsadviseur onderwijs"),
				partner("politie", "Politie basisteam Leidschendam-Voorburg", ""),
				partner("jongerenwerk", "Jongerenwerk Vlietjeugd", "jongerencoach"),
				partner("leerplicht", "Leerplicht gemeente Leidschendam-Voorburg", ""),
				partner("halt", "Halt Haaglanden-Oost", ""),
				partner("sociaal_wijkteam", "Sociaal wijkteam Voorburg", ""),
			},
		},
		{
			slug:         "parkstad",
			name:         "Parkstad",
			kind:         vios.MunicipalityKindRegio,
			members:      []string{"Beekdaelen", "Brunssum", "Heerlen", "Kerkrade", "Landgraaf", "Simpelveld", "Voerendaal"},
			approachName: "VIOS-Parkstad",
			model:        "eigen",
			summary: "De gemeenten van Parkstad voeren samen één VIOS-aanpak uit voor 150 scholen, met een VIOS-regisseur, een convenant en een halfjaarlijks VIOS-overleg. " +
				"Werkgroepen, een digitaal spreekuur, kennisbijeenkomsten en een VIOS-congres vergroten kennis en bewustwording.",
			elements: []vios.ApproachElement{
				el("coordinator", "VIOS-regisseur en -projectleider; fulltime regisseur in ontwikkeling"),
				el("convenant", ""),
				el("spreekuur", "Digitaal spreekuur"),
				el("kennisbijeenkomsten", "Onder andere over mensenhandel en ronselen"),
				el("congres", "VIOS-congres"),
				el("overkoepelend_overleg", "Halfjaarlijks VIOS-overleg"),
				el("werkgroepen", "O.a. informatie-uitwisseling, visie, signaleren en analyseren"),
			},
			reachDescription: "150 scholen: po, vo, mbo, speciaal onderwijs en internationale schakelklas (ISK).",
			reach: []vios.ReachSchoolType{
				reach("po", "deelnemend", 110),
				reach("vo", "deelnemend", 20),
				reach("mbo", "deelnemend", 4),
				reach("vso", "deelnemend", 12),
				reach("isk", "deelnemend", 4),
			},
			phase: vios.Phase{Phase: "uitvoering", StartDate: month(2018, 1), Remark: "VIOS loopt sinds 2018."},
			neighbourhoods: []string{
				"Heerlen-Centrum", "Heerlerheide", "Hoensbroek", "Kerkrade-West", "Kerkrade-Centrum", "Brunssum",
				"Landgraaf", "Simpelveld", "Voerendaal", "Schinveld", "Nuth",
			},
			memberOf: map[string]string{
				"Heerlen-Centrum": "Heerlen", "Heerlerheide": "Heerlen", "Hoensbroek": "Heerlen",
				"Kerkrade-West": "Kerkrade", "Kerkrade-Centrum": "Kerkrade", "Brunssum": "Brunssum",
				"Landgraaf": "Landgraaf", "Simpelveld": "Simpelveld", "Voerendaal": "Voerendaal",
				"Schinveld": "Beekdaelen", "Nuth": "Beekdaelen",
			},
			orgs: []orgSpec{
				team("oov", "Regio Parkstad – team OOV", "VIOS-regisseur"),
				team("onderwijs", "Regio Parkstad – team Onderwijs", "projectleider VIOS"),
				partner("politie", "Politie basisteam Heerlen", "").in("Heerlen"),
				partner("politie", "Politie basisteam Kerkrade", "").in("Kerkrade"),
				partner("jongerenwerk", "Jongerenwerk Mijnkracht", ""),
				partner("leerplicht", "Bureau Leerplicht Parkstad", ""),
				partner("halt", "Halt Parkstad", ""),
				partner("sociaal_wijkteam", "Sociaal wijkteam Heerlen-Noord", "").in("Heerlen"),
				partner("jeugdreclassering", "Jeugdreclassering regio Parkstad", ""),
				partner("zorg_en_veiligheidshuis", "Zorg- en Veiligheidshuis Parkstad", ""),
			},
		},
		{
			slug:         "rotterdam",
			name:         "Rotterdam",
			kind:         vios.MunicipalityKindGemeente,
			approachName: "Veilig in en om het onderwijs Rotterdam",
			model:        "rotterdam",
			summary: "Rotterdam werkt met een convenantnetwerk van scholen, gemeente, politie, jongerenwerk en Halt dat minimaal vier keer per jaar overlegt, " +
				"ondersteund door twee schoolveiligheidsregisseurs en een jaarlijkse werkagenda. Scholen kunnen subsidie krijgen voor een veiligheidsaudit " +
				"en voor maatwerk; per wijk zijn er veilig-op-school-overleggen.",
			elements: []vios.ApproachElement{
				el("schoolveiligheidsplan", "Stimuleren schoolveiligheidsplannen"),
				el("coordinator", "Schoolveiligheidsregisseurs"),
				el("audits", "Subsidie voor een veiligheidsaudit"),
				el("convenant", "Convenantnetwerk"),
				el("wijkoverleg", "Veilig-op-school-overleggen per wijk"),
				el("maatwerk", ""),
				dev("handreikingen", "Handreiking gegevensdeling"),
				el("congres", "Congres schoolveiligheid 'SamenSterk010'"),
				el("trainingen", "Weerbaarheidstrainingen"),
			},
			reachDescription: "Het convenant is voor vo en mbo: alle vo- en mbo-scholen in de gemeente zijn aangesloten. " +
				"In de loop van 2025 sluit primair onderwijs aan. Hoger onderwijs zit in de verkennende fase.",
			reach: []vios.ReachSchoolType{
				reach("vo", "deelnemend", 40),
				reach("mbo", "deelnemend", 6),
				reach("po", "gepland", 0),
			},
			phase: vios.Phase{
				Phase:     "uitvoering",
				StartDate: month(2012, 1),
				Remark:    "Gestart in 2012 met Veilig op School; het convenant Veiligheid in en om het onderwijs is van 2023.",
			},
			neighbourhoods: []string{
				"Charlois", "Feijenoord", "IJsselmonde", "Delfshaven", "Rotterdam-Noord", "Kralingen-Crooswijk",
				"Prins Alexander", "Hillegersberg-Schiebroek", "Overschie", "Centrum", "Hoogvliet",
			},
			otherSchools: []otherSchools{
				{"po", 2, []string{"Charlois", "Delfshaven"}},
			},
			orgs: []orgSpec{
				team("oov", "Gemeente Rotterdam – team OOV", "schoolveiligheidsregisseur").times(2),
				team("onderwijs", "Gemeente Rotterdam – team Onderwijs", "beleidsadviseur onderwijs"),
				team("pmg", "Gemeente Rotterdam – team Preventie met Gezag", "programmamanager Preventie met Gezag"),
				partner("politie", "Politie basisteam Rotterdam-Zuid", ""),
				partner("politie", "Politie basisteam Rotterdam-Noord", ""),
				partner("jongerenwerk", "Jongerenwerk Maaswerk", ""),
				partner("leerplicht", "Leerplicht gemeente Rotterdam", ""),
				partner("halt", "Halt Rotterdam", ""),
				partner("sociaal_wijkteam", "Wijkteam Feijenoord", "medewerker wijkteam"),
				partner("handhaving", "Handhaving gemeente Rotterdam", ""),
			},
		},
		{
			slug:         "zaanstad",
			name:         "Zaanstad",
			kind:         vios.MunicipalityKindGemeente,
			approachName: "VIOS-Zaanstad",
			model:        "arnhem",
			summary: "Zaanstad heeft kernteams opgezet op vo-scholen in Zaanstad Oost en Noord, onder leiding van een projectleider School en Veiligheid. " +
				"In de Regiegroep School bespreken burgemeester, wethouder en schoolbestuurders elk kwartaal thema's, knelpunten en successen.",
			elements: []vios.ApproachElement{
				el("schoolveiligheidsplan", "Stimuleren schoolveiligheidsplannen"),
				el("coordinator", "Projectleider School en Veiligheid"),
				el("kernteam", ""),
				dev("signaleringsoverleg", ""),
				el("regiegroep", "Regiegroep School"),
			},
			reachDescription: "8 vo-scholen in Zaanstad Oost en Zaanstad Noord, vooral in de wijk Poelenburg.",
			reach: []vios.ReachSchoolType{
				reach("vo", "deelnemend", 8),
			},
			phase: vios.Phase{
				Phase:     "uitvoering",
				StartDate: month(2023, 1),
				Remark: "Sinds 2023 meer prioriteit voor Jeugd & Veiligheid; begin 2024 is een extern bureau ingehuurd " +
					"om het proces te ondersteunen en zijn de kernteams opgezet.",
			},
			neighbourhoods: []string{
				"Poelenburg", "Peldersveld", "Poelenburg", "Krommenie", "Poelenburg", "Wormerveer", "Poelenburg", "Kogerveld",
			},
			otherSchools: []otherSchools{
				{"vo", 1, []string{"Assendelft"}},
			},
			orgs: []orgSpec{
				team("oov", "Gemeente Zaanstad – team OOV", "projectleider School en Veiligheid"),
				team("onderwijs", "Gemeente Zaanstad – team Onderwijs", "beleidsadviseur onderwijs"),
				team("pmg", "Gemeente Zaanstad – team Preventie met Gezag", "programmamanager Preventie met Gezag"),
				partner("politie", "Politie basisteam Zaanstad", ""),
				partner("jongerenwerk", "Jongerenwerk Zaanvonk", ""),
				partner("leerplicht", "Leerplicht gemeente Zaanstad", ""),
				partner("halt", "Halt Zaanstad", ""),
				partner("sociaal_wijkteam", "Sociaal wijkteam Poelenburg", ""),
				partner("jeugdreclassering", "Jeugdreclassering regio Zaanstreek", ""),
			},
		},
		{
			slug:         "zwolle",
			name:         "Zwolle",
			kind:         vios.MunicipalityKindGemeente,
			approachName: "VIOS-Zwolle",
			model:        "eigen",
			summary: "Zwolle werkt met kernteams op de scholen, een VIOS-fenomeenoverleg en een ondersteuningsteam (VIOS-OT), geïnspireerd op de werkwijze van het Arnhemse model. " +
				"Een casusoverleg en een vroegsignaleringsoverleg zijn in ontwikkeling.",
			elements: []vios.ApproachElement{
				el("kernteam", ""),
				el("overkoepelend_overleg", "VIOS-fenomeenoverleg"),
				el("otsv", "VIOS-OT (ondersteuningsteam)"),
				el("trainingen", "Onder andere online weerbaarheid voor de kernteams"),
				dev("signaleringsoverleg", "VIOS-casusoverleg en vroegsignaleringsoverleg"),
			},
			reachDescription: "3 vo-scholen, voortgezet speciaal onderwijs, praktijkonderwijs en vmbo basis/kader.",
			reach: []vios.ReachSchoolType{
				reach("vo", "deelnemend", 3),
				reach("vso", "deelnemend", 1),
				reach("praktijkonderwijs", "deelnemend", 1),
			},
			phase:          vios.Phase{Phase: "uitvoering", StartDate: month(2024, 1), Remark: "VIOS loopt sinds januari 2024."},
			neighbourhoods: []string{"Holtenbroek", "Aa-landen", "Diezerpoort", "Stadshagen", "Zwolle-Zuid"},
			otherSchools: []otherSchools{
				{"vo", 1, []string{"Stadshagen"}},
			},
			orgs: []orgSpec{
				team("oov", "Gemeente Zwolle – team OOV", "coördinator VIOS"),
				team("onderwijs", "Gemeente Zwolle – team Onderwijs", "beleidsadviseur onderwijs"),
				partner("politie", "Politie basisteam Zwolle", ""),
				partner("jongerenwerk", "Jongerenwerk Hanzejeugd", "jongerenwerker op school"),
				partner("leerplicht", "Leerplicht gemeente Zwolle", ""),
				partner("halt", "Halt Zwolle", ""),
				partner("sociaal_wijkteam", "Sociaal wijkteam Holtenbroek", ""),
				partner("jeugdreclassering", "Jeugdreclassering regio Zwolle", ""),
			},
		},
	}
}
