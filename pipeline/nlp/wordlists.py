"""Word lists used by the tagger, as data in one place (suffixes, head words, forms, titles)."""

from __future__ import annotations

# Inflectional endings stripped by the language-independent match key (longest first at use).
SUFFIXES: tuple[str, ...] = (
    # Polish
    "owego", "owemu", "owym", "owych", "owymi", "iego", "iemu", "ego", "emu", "ach", "ami",
    "owi", "owie", "ów", "om", "em", "ie", "ii", "ią", "ej", "ym", "ych", "imi", "ymi", "im",
    "ą", "ę", "a", "e", "i", "o", "u", "y",
    # Czech
    "ého", "ému", "ém", "ým", "ých", "ými", "ích", "ími", "ou", "ě", "í", "ý", "é", "á", "ů",
    # German / English
    "es", "en", "s",
)

# Polish/Czech/German/English prepositions after which a region name means the territory.
PLACE_PREPOSITIONS: frozenset[str] = frozenset({
    "w", "we", "z", "ze", "do", "na", "po", "przez", "dla", "v", "ve", "u", "k", "ke", "o", "okolí",
    "in", "im", "aus", "nach", "across", "throughout", "from", "into", "within", "around", "of",
    "z", "mezi", "od", "kolem",
})

# Words before a region name that make it a territory ("the borough of X").
TERRITORY_WORDS: frozenset[str] = frozenset({
    "borough", "region", "area", "county", "district", "okres", "území", "regionu", "obszar",
    "firms", "companies", "firmy", "firem", "podniky", "podniků",
})

# Legal forms (trailing), as written.
LEGAL_FORMS: tuple[str, ...] = (
    "Sp. z o.o.", "sp. z o.o.", "S.A.", "SA", "a.s.", "s.r.o.", "GmbH", "AG", "SE", "Ltd", "plc",
    "Inc.", "akciová společnost", "spółka akcyjna", "KG", "e.V.", "Sp.k.",
)

# Head words that start an organisation name (lowercase, base forms).
ORG_HEADS: frozenset[str] = frozenset({
    # Polish
    "instytut", "klaster", "park", "urząd", "zakład", "zakłady", "spółka", "uniwersytet",
    "politechnika", "ministerstwo", "fundusz", "agencja", "stowarzyszenie", "fundacja",
    "izba", "związek", "centrum", "inspektorat", "zarząd", "rada", "sejmik", "starostwo",
    "akademia", "szkoła", "grupa", "sieć", "bank", "platforma", "program", "regionalny",
    "wojewódzki", "krajowy", "narodowy", "opolski", "polski", "europejski", "komisja", "gmina",
    "kancelaria", "inkubator", "przedsiębiorstwo", "spółdzielnia", "urzędu", "partia", "prawo",
    # Czech
    "ministerstvo", "krajský", "úřad", "svaz", "univerzita", "vysoká", "sdružení", "spolek",
    "inovační", "agentura", "komora", "fond", "operační", "hospodářská", "technologické",
    "česká", "český", "evropský", "státní", "městský", "magistrát",
    # German
    "ministerium", "institut", "universität", "hochschule", "verband", "kammer", "industriepark",
    "chemiepark", "kreissparkasse", "sparkasse", "landkreis", "stadtwerke", "gesellschaft",
    "bundesministerium", "verein", "netzwerk", "europäischer", "europäische", "technische",
    "fraunhofer-institut",
    # English
    "university", "council", "ministry", "agency", "institute", "association", "network",
    "fund", "department", "commission", "authority", "board", "chamber", "centre", "center",
    "european", "national", "royal",
})

# Words that continue an organisation name in lower case (function words inside names).
NAME_JOINERS: frozenset[str] = frozenset({
    "i", "oraz", "w", "we", "z", "im.", "imienia", "na", "do", "dla", "a", "pro", "v", "ve", "na",
    "für", "der", "des", "und", "von", "vom", "zu", "zur", "am", "an", "of", "and", "for", "the",
    "in", "on", "nad", "pod", "u",
})

# Titles and functions before a person's name (lowercase, no trailing dot).
PERSON_TITLES: frozenset[str] = frozenset({
    "dr", "prof", "inż", "mgr", "hab", "ing", "bc", "phdr", "rndr", "judr", "mudr", "doc",
    "pan", "pani", "panu", "panią", "pana", "herr", "frau", "mr", "mrs", "ms", "sir", "dame",
    "prezes", "prezesa", "prezydent", "prezydenta", "burmistrz", "wojewoda", "marszałek",
    "minister", "ministr", "ministerin", "hejtman", "hejtmanka", "starosta", "dyrektor",
    "dyrektora", "rektor", "ředitel", "ředitelka", "geschäftsführer", "bürgermeister",
    "oberbürgermeister", "landrat", "chairman", "councillor", "leader", "director", "mayor",
    "professor", "senator", "poseł", "posłanka", "radny", "radna", "wiceprezes", "wojt", "wójt",
    "předseda", "předsedkyně", "náměstek", "sprecher", "sprecherin", "vorstand",
})

# First names not known to Morfeusz (Czech, German, English), lowercase.
FIRST_NAMES: frozenset[str] = frozenset({
    # Czech
    "jiří", "jan", "petr", "josef", "pavel", "martin", "tomáš", "jaroslav", "miroslav", "zdeněk",
    "václav", "michal", "františek", "jakub", "milan", "karel", "lukáš", "david", "vladimír",
    "ondřej", "ladislav", "roman", "stanislav", "marek", "radek", "daniel", "antonín", "vojtěch",
    "filip", "adam", "libor", "aleš", "oldřich", "vít", "radim", "bohumil", "luboš", "dušan",
    "marie", "jana", "eva", "hana", "anna", "lenka", "kateřina", "lucie", "věra", "alena",
    "petra", "veronika", "jaroslava", "martina", "tereza", "michaela", "jitka", "zuzana",
    "ivana", "helena", "ludmila", "monika", "markéta", "barbora", "kristýna", "dagmar", "šárka",
    "klára", "simona", "zdeňka", "irena", "blanka", "radka", "pavla", "gabriela",
    # German
    "hans", "peter", "klaus", "wolfgang", "jürgen", "dieter", "uwe", "stefan", "thomas",
    "michael", "andreas", "frank", "bernd", "ralf", "jörg", "matthias", "markus", "christian",
    "sven", "torsten", "holger", "dirk", "heike", "sabine", "petra", "katrin", "susanne",
    "claudia", "birgit", "andrea", "ute", "karin", "monika", "anja", "kerstin", "silke",
    "armin", "reiner", "rainer", "olaf", "lars", "jens", "kai", "tobias", "florian", "sebastian",
    "ulrich", "günter", "gerhard", "helmut", "manfred", "werner", "horst", "heinz", "karl",
    "friedrich", "lena", "julia", "lisa", "anke", "ines", "nadine", "sandra", "nicole",
    # English
    "john", "james", "david", "michael", "robert", "william", "richard", "thomas", "mark",
    "paul", "andrew", "steven", "stephen", "peter", "simon", "chris", "christopher", "matthew",
    "daniel", "george", "edward", "alan", "ian", "graham", "gareth", "neil", "kevin", "gary",
    "mary", "sarah", "emma", "helen", "claire", "rachel", "laura", "susan", "karen", "julie",
    "louise", "emily", "jane", "kate", "catherine", "elizabeth", "margaret", "alison", "jennifer",
    "samantha", "rebecca", "victoria", "charlotte", "lucy", "amanda", "nicola", "joanne",
    "lynn", "angela", "fiona", "tom", "tim", "ben", "sam", "jack", "harry", "oliver", "charlie",
    "jonathan", "nick", "nicholas", "anthony", "tony", "brian", "keith", "colin", "martin",
})
