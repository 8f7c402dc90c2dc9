"""Word lists used by the tagger, as data in one place (suffixes, head words, forms, titles)."""

from __future__ import annotations

# Inflectional endings stripped by the language-independent match key (longest first at use).
SUFFIXES: tuple[str, ...] = (
    "owego", "owemu", "owym", "owych", "owymi", "iego", "iemu", "ego", "emu", "ach", "ami",
    "owi", "owie", "ów", "om", "em", "ie", "ii", "ią", "ej", "ym", "ych", "imi", "ymi", "im",
    "ą", "ę", "a", "e", "i", "o", "u", "y", "ého", "ému", "ém", "ým", "ých", "ými", "ích",
    "ími", "ou", "ě", "í", "ý", "é", "á", "ů", "es", "en", "s",
)

# Prepositions after which a region name means the territory (pl, cs, de, en).
PLACE_PREPOSITIONS: frozenset[str] = frozenset({
    "across", "around", "aus", "dla", "do", "from", "im", "in", "into", "k", "ke", "kolem",
    "mezi", "na", "nach", "o", "od", "of", "okolí", "po", "przez", "throughout", "u", "v", "ve",
    "w", "we", "within", "z", "ze",
})

# Words before a region name that make it a territory ("the borough of X").
TERRITORY_WORDS: frozenset[str] = frozenset({
    "area", "borough", "companies", "county", "district", "firem", "firms", "firmy", "obszar",
    "okres", "plants", "podniky", "podniků", "region", "regionu", "residents", "území", "towns",
    "municipalities", "obce", "obcí", "mieszkańcy", "gminy", "unternehmen", "betriebe",
})

# Legal forms (trailing), as written.
LEGAL_FORMS: tuple[str, ...] = (
    "Sp. z o.o.", "sp. z o.o.", "S.A.", "SA", "a.s.", "s.r.o.", "GmbH", "AG", "SE", "Ltd",
    "plc", "Inc.", "akciová společnost", "spółka akcyjna", "KG", "e.V.", "Sp.k.",
)

# Head words of organisation names (lowercase base forms; pl, cs, de, en).
ORG_HEADS: frozenset[str] = frozenset({
    "agencja", "agency", "agentur", "agentura", "akademia", "association", "authority", "bank",
    "behörde", "board", "bund", "bundesministerium", "center", "centre", "centrum", "chamber",
    "chemiepark", "commission", "corporation", "council", "department", "fond", "fonds",
    "foundation", "fraunhofer-institut", "fund", "fundacja", "fundusz", "gesellschaft",
    "gewerkschaft", "gmina", "grupa", "hochschule", "industriepark", "inkubator", "inspektorat",
    "institut", "institute", "instytut", "izba", "kammer", "kancelaria", "klaster", "komenda",
    "komisja", "kommission", "komora", "kreissparkasse", "magistrát", "ministerium",
    "ministerstvo", "ministerstwo", "ministry", "muzeum", "network", "netzwerk", "park",
    "partei", "partia", "partnership", "party", "platforma", "politechnika", "program",
    "prokuratura", "przedsiębiorstwo", "rada", "sdružení", "sejmik", "sieć", "služba",
    "sparkasse", "spolek", "spółdzielnia", "stadtwerke", "starostwo", "stiftung",
    "stowarzyszenie", "straż", "strefa", "svaz", "szkoła", "szpital", "sąd", "trust", "union",
    "university", "universität", "univerzita", "uniwersytet", "urząd", "verband", "verein",
    "zakład", "zakłady", "zarząd", "zespół", "związek", "úřad", "škola",
    # organisations of every field: clubs, leagues, armies, churches, firms, parliaments
    "club", "league", "college", "society", "committee", "hospital", "corps", "division",
    "brigade", "regiment", "army", "navy", "records", "orchestra", "church", "airlines",
    "airways", "company", "group", "holdings", "studios", "federation", "organisation",
    "organization", "klub", "liga", "armia", "kościół", "federacja", "organizacja",
    "stronnictwo", "kongres", "senat", "parlament", "trybunał", "linie", "koleje", "kolej",
    "giełda", "hnutí", "armáda", "církev", "federace", "organizace", "sněmovna",
    "senát", "soud", "dráhy", "banka", "burza", "armee", "kirche", "föderation", "gericht",
    "bahn", "börse", "konzern", "rat", "komitee", "ausschuss",
})

# Adjectives that may open an organisation name before a head word.
ORG_MODIFIERS: frozenset[str] = frozenset({
    "centralny", "deutsche", "european", "europejski", "europäische", "europäischen",
    "europäischer", "evropský", "główny", "hospodářská", "hospodářský", "inovační",
    "international", "krajowy", "krajský", "miejski", "městský", "narodowy", "national",
    "národní", "operační", "opolski", "państwowy", "polski", "powiatowy", "regional",
    "regionalny", "regionální", "royal", "státní", "technische", "technischen", "technologické",
    "vysoká", "wojewódzki", "česká", "český", "śląski",
})

# German compounds ending in a head word ("Marketinggesellschaft").
DE_HEAD_SUFFIXES: tuple[str, ...] = (
    "gesellschaft", "ministerium", "verband", "kammer", "institut", "universität", "hochschule",
    "kommission", "agentur", "behörde", "amt", "werke", "stiftung", "verein", "netzwerk",
)

# Abbreviated legal forms as single tokens (see pipeline.nlp.tokens).
LEGAL_TOKENS: frozenset[str] = frozenset({
    "AG", "GmbH", "Inc.", "KG", "Ltd", "Ltd.", "S.A.", "SA", "SE", "Sp.k.", "a.s.", "e.V.",
    "o.o.", "plc", "s.r.o.", "spol.",
})

# Czech names continue in lower case with genitive nouns and adjectives...
CS_NAME_ENDINGS: tuple[str, ...] = (
    "ého", "ých", "ské", "cké", "ní", "ví", "u", "y", "ů", "í", "é", "ch", "ky", "ce", "ost",
)

# Czech adjective endings (a capitalised adjective can open a name: "Hospodářská komora").
CS_ADJ_ENDINGS: tuple[str, ...] = (
    "ého", "ému", "ém", "ým", "ých", "ými", "ího", "ímu", "ím", "ích", "ou", "é", "ý", "á", "í",
)

# Czech words that never continue a name (adverbs, the verb "to be", instrumental case).
CS_NOT_IN_NAME: frozenset[str] = frozenset({
    "také", "není", "jsou", "je", "bude", "byla", "bylo", "byli", "proto", "podle", "roce",
    "kde", "které", "který", "která", "jako", "ještě", "však", "tedy", "ale",
})
CS_NOT_IN_NAME_ENDINGS: tuple[str, ...] = ("ou",)

# ...but not with past-tense verbs.
CS_VERB_ENDINGS: tuple[str, ...] = (
    "li", "la", "lo", "ly", "l",
)

# Generic nouns before a company name ("spółka Anwil S.A."): not part of the name.
GENERIC_ORG_NOUNS: frozenset[str] = frozenset({
    "holding", "holdingu", "holdingem", "spolek", "spolku", "skupina", "skupiny", "association",
    "producer", "manufacturer", "operator", "konsorcjum", "stowarzyszenie",
    "company", "firm", "firma", "group", "grupa", "koncern", "konzern", "podnik", "producent",
    "společnost", "spółka", "the", "unternehmen",
})

# Function words inside names ("Fundusz Ochrony Środowiska i Gospodarki Wodnej").
NAME_JOINERS: frozenset[str] = frozenset({
    "a", "am", "an", "and", "der", "des", "dla", "do", "for", "für", "i", "im.", "imienia",
    "in", "na", "nad", "of", "on", "oraz", "pod", "pro", "the", "u", "und", "v", "ve", "vom",
    "von", "w", "we", "z", "zu", "zur",
})

# Titles and functions before a person's name (lowercase, no trailing dot).
PERSON_TITLES: frozenset[str] = frozenset({
    "bc", "burmistrz", "bürgermeister", "chairman", "councillor", "dame", "director", "doc",
    "dr", "dyrektor", "dyrektora", "frau", "geschäftsführer", "hab", "hejtman", "hejtmanka",
    "herr", "ing", "inż", "judr", "landrat", "leader", "marszałek", "mayor", "mgr", "minister",
    "ministerin", "ministr", "mr", "mrs", "ms", "mudr", "náměstek", "oberbürgermeister", "pan",
    "pana", "pani", "panią", "panu", "phdr", "poseł", "posłanka", "prezes", "prezesa",
    "prezydent", "prezydenta", "prof", "professor", "předseda", "předsedkyně", "radna", "radny",
    "rektor", "rndr", "senator", "sir", "sprecher", "sprecherin", "starosta", "vorstand",
    "wiceprezes", "wojewoda", "wojt", "wójt", "ředitel", "ředitelka",
})

# First names Morfeusz does not know (Czech, German, English), lowercase.
FIRST_NAMES: frozenset[str] = frozenset({
    "karsten", "jörn", "maik", "mike", "jan-hendrik", "steffen", "marcel", "dennis", "patrick",
    "carsten", "henning", "volker", "gunnar", "birte", "franziska", "johanna", "maria",
    "adam", "alan", "alena", "aleš", "alison", "amanda", "andrea", "andreas", "andrew",
    "angela", "anja", "anke", "anna", "anthony", "antonín", "armin", "barbora", "ben", "bernd",
    "birgit", "blanka", "bohumil", "brian", "catherine", "charlie", "charlotte", "chris",
    "christian", "christopher", "claire", "claudia", "colin", "dagmar", "daniel", "david",
    "dieter", "dirk", "dušan", "edward", "elizabeth", "emily", "emma", "eva", "filip", "fiona",
    "florian", "frank", "františek", "friedrich", "gabriela", "gareth", "gary", "george",
    "gerhard", "graham", "günter", "hana", "hans", "harry", "heike", "heinz", "helen", "helena",
    "helmut", "holger", "horst", "ian", "ines", "irena", "ivana", "jack", "jakub", "james",
    "jan", "jana", "jane", "jaroslav", "jaroslava", "jennifer", "jens", "jitka", "jiří",
    "joanne", "john", "jonathan", "josef", "julia", "julie", "jörg", "jürgen", "kai", "karel",
    "karen", "karin", "karl", "kate", "kateřina", "katrin", "keith", "kerstin", "kevin",
    "klaus", "klára", "kristýna", "ladislav", "lars", "laura", "lena", "lenka", "libor", "lisa",
    "louise", "luboš", "lucie", "lucy", "ludmila", "lukáš", "lynn", "manfred", "marek",
    "margaret", "marie", "mark", "markus", "markéta", "martin", "martina", "mary", "matthew",
    "matthias", "michael", "michaela", "michal", "milan", "miroslav", "monika", "nadine",
    "neil", "nicholas", "nick", "nicola", "nicole", "olaf", "oldřich", "oliver", "ondřej",
    "paul", "pavel", "pavla", "peter", "petr", "petra", "rachel", "radek", "radim", "radka",
    "rainer", "ralf", "rebecca", "reiner", "richard", "robert", "roman", "sabine", "sam",
    "samantha", "sandra", "sarah", "sebastian", "silke", "simon", "simona", "stanislav",
    "stefan", "stephen", "steven", "susan", "susanne", "sven", "tereza", "thomas", "tim",
    "tobias", "tom", "tomáš", "tony", "torsten", "ulrich", "ute", "uwe", "veronika", "victoria",
    "vladimír", "vojtěch", "václav", "vít", "věra", "werner", "william", "wolfgang", "zdeněk",
    "zdeňka", "zuzana", "šárka",
})

# Bodies of an organisation: before another name they are not part of it
# ("Zarząd Polskiego Koncernu Naftowego", "vedení Spolany", "Vorstand der Linde AG").
BODY_WORDS: frozenset[str] = frozenset({
    "zarząd", "zarządu", "zarządem", "zarządzie", "vedení", "vorstand", "aufsichtsrat",
    "board", "management",
})

# Verbs of saying and source phrases next to a person's name ("powiedział Jan Kowalski",
# "podle Michela Barniera", "Nigel Farage said"), lowercase.
SPEECH_CUES: frozenset[str] = frozenset({
    "powiedział", "powiedziała", "mówi", "mówił", "mówiła", "stwierdził", "stwierdziła",
    "dodał", "dodała", "podkreślił", "podkreśliła", "zaznaczył", "zaznaczyła", "ocenił",
    "oceniła", "oświadczył", "oświadczyła", "napisał", "napisała", "przekonywał", "według",
    "řekl", "řekla", "uvedl", "uvedla", "dodal", "dodala", "prohlásil", "prohlásila", "napsal",
    "napsala", "sdělil", "sdělila", "zdůraznil", "zdůraznila", "podotkl", "podotkla", "podle",
    "sagte", "sagt", "erklärte", "betonte", "meinte", "schrieb", "laut", "zufolge",
    "said", "says", "told", "added", "stated", "wrote", "argued", "insisted",
})

# Functions before a person's name beyond the titles (lowercase base forms and common forms).
PERSON_FUNCTIONS: frozenset[str] = frozenset({
    "premier", "premiera", "premierem", "premierka", "premierki", "minister", "ministra",
    "szef", "szefa", "szefowa", "lider", "lidera", "rzecznik", "rzeczniczka", "kanclerz",
    "komisarz", "ambasador", "przewodniczący", "przewodniczącego", "sekretarz", "negocjator",
    "europoseł", "król", "królowa", "książę", "prezydent", "senator", "generał",
    "premiér", "premiéra", "premiérka", "premiérky", "prezident", "prezidenta", "prezidentka",
    "ministryně", "šéf", "šéfa", "šéfka", "lídr", "mluvčí", "kancléř", "kancléřka",
    "komisař", "velvyslanec", "poslanec", "poslankyně", "europoslanec", "vyjednavač",
    "královna", "král", "princ", "generál", "tajemník", "kandidát", "kandidátka",
    "präsident", "präsidentin", "kanzler", "kanzlerin", "chef", "chefin", "vorsitzende",
    "vorsitzender", "botschafter", "abgeordnete", "abgeordneter", "premierminister",
    "premierministerin", "kommissar", "senatorin", "königin", "könig", "prinz", "general",
    "trainer", "sänger", "sängerin", "autor", "autorin",
    "president", "prime", "chancellor", "spokesman", "spokeswoman", "negotiator", "ambassador",
    "secretary", "governor", "captain", "coach", "singer", "guitarist", "drummer",
    "bassist", "actor", "actress", "writer", "author", "player", "king", "queen", "prince",
    "princess", "lieutenant", "colonel", "major", "commissioner", "chief", "manager", "founder",
    "judge", "bishop", "pope", "father", "saint", "st", "lord", "lady",
})
