"""Word lists the attribution extractor matches against (general English only).

Nothing here may name a person, outlet or phrase from the seed articles: the rules are scored
on held-out articles too. Verbs are listed in their base form; `extraction.verb_forms` inflects
them, so the spaCy lemmatizer can stay disabled.
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Reporting verbs. Core from the SFU Gender Gap Tracker quote-verb list
# (nlp/english/rules/quote_verb_list.txt) and the PARC 3.0 cue lemmas; widened with the verbs of
# stance and evaluation PARC annotates as attribution (praise, denounce, urge, pledge).
REPORTING_VERBS = _words("""
    say tell add state claim assert announce warn deny admit acknowledge confirm urge praise
    denounce condemn criticize criticise blast slam accuse allege argue insist explain note
    report write tweet post declare pledge promise vow thank demand describe decry emphasize
    emphasise stress suggest indicate mention respond reply speculate alert predict estimate
    express reaffirm reiterate applaud welcome reject dismiss recommend propose concede contend
    recall trumpet blame hail lament complain boast disclose reveal testify inform advise
    caution threaten signal underscore highlight observe remark comment quip joke recognise
    recognize voice affirm assure agree concur counter retort rebut dispute question doubt
    reckon forecast calculate estimate conclude find show tout laud commend castigate chide
    rebuke lambast berate scold fault criticise call ask appeal plead beg order instruct
    announce proclaim profess swear guarantee predict hint imply insinuate acknowledge
    complain grumble protest object lament mourn regret apologize apologise brief notify
    """)

# Verbs that attribute only when they take a clause ("X believes that Y"); with a bare
# object they are ordinary actions ("found the keys", "showed the room").
CLAUSE_ONLY_VERBS = _words(
    "find show add believe propose maintain reveal disclose think feel know understand hope fear expect recall calculate "
    "conclude question doubt hint imply signal"
)
COGNITION_VERBS = _words("believe think feel fear hope expect")

# Particles that turn a verb into a reporting phrase ("point out", "spell out", "ask for").
PHRASAL_CUES = {
    "point": ("out",),
    "spell": ("out",),
    "lay": ("out",),
    "call": ("for", "on"),
    "ask": ("for",),
    "speak": ("out", "of", "about"),
    "hit": ("out",),
    "lash": ("out",),
    "sum": ("up",),
}

# Prepositions that carry the attributed matter of a reporting verb with an object
# ("thanked X for Y", "warned X over Y", "described X as Y"), from PARC 3.0 content spans.
CONTENT_PREPOSITIONS = _words("for over about against as to of on")

# "According to"-type cues (PARC 3.0 non-verbal cues).
ACCORDING_CUES = (("according", "to"), ("citing",), ("quoting",), ("per",))

# Nouns that report a claim when followed by a that-clause ("allegations that Y") and are
# attributed to their possessor when there is one ("Moscow's claims that Y"). From PARC 3.0
# nominal cues and Wikipedia's weasel-word guidance (MOS:WEASEL).
CLAIM_NOUNS = _words("""
    allegation allegations claim claims report reports rumour rumours rumor rumors accusation
    accusations assertion assertions suggestion suggestions speculation concern concerns fear
    fears insistence belief beliefs warning warnings
    """)
# The subset that hedges on its own (no possessor named) - CoNLL-2010 hedge cues.
HEDGE_NOUNS = _words(
    "allegation allegations rumour rumours rumor rumors speculation claim claims "
    "concern concerns fear fears report reports suggestion suggestions"
)

# Statements and documents that speak for whoever issued them ("the statement said").
STATEMENT_NOUNS = _words(
    "statement declaration communique communiqué document report readout release "
    "transcript letter memo filing briefing bulletin notice decree study survey poll data "
    "research analysis figures estimate estimates assessment census findings"
)

# Collective speakers that are neither a person nor a named body ("the world condemned").
SPEAKER_COLLECTIVES = _words("world community international public")

# Nouns naming organisations when no entity is recognised ("the company said").
ORGANIZATION_NOUNS = _words("""
    company firm group organisation organization party union association university
    institute bank committee campaign charity club team foundation corporation business
    airline operator manufacturer network alliance coalition federation league board
    agency watchdog regulator lab laboratory hospital school church movement
    retailer lender insurer supplier provider carrier distributor exporter importer
    wholesaler automaker carmaker drugmaker chipmaker refiner vendor giant
    """)

# Verbs whose infinitive or gerund complement reports nothing ("refused to condemn",
# "avoided mentioning", "refrained from criticising").
NEGATIVE_GOVERNORS = _words("avoid refuse decline fail refrain neglect hesitate stop cease")
# Verbs of wanting and trying: "want to show that ..." reports nothing yet.
IRREALIS_GOVERNORS = _words("want wish try seek plan intend aim prepare attempt")

# Hedge adverbs and adjectives: CoNLL-2010 shared task hedge cues (Farkas et al. 2010) and
# Wikipedia "weasel words" (MOS:WEASEL).
HEDGE_ADVERBS = _words("reportedly allegedly purportedly supposedly apparently ostensibly")
HEDGE_ADJECTIVES = _words(
    "alleged reported purported supposed suspected rumoured rumored unconfirmed unverified"
)

# Passive hedges: "X is said to ...", "are believed to ...", "is accused of ..." (CoNLL-2010).
PASSIVE_HEDGE_VERBS = _words(
    "say believe report think allege rumour rumor understand know suspect claim fear estimate "
    "accuse expect"
)

# Verbs whose negation hedges the claim they govern ("could not verify", "has not confirmed").
VERIFY_VERBS = _words("verify confirm corroborate substantiate authenticate")
NEGATIONS = _words("not n't never no")

# Reporting verbs that reject a claim ("a claim Kyiv denied").
DENIALS = _words("deny dispute reject dismiss rebut")

# Adjectives of doubt in "it is unclear whether" (CoNLL-2010 hedge cues).
DOUBT_ADJECTIVES = _words("unclear uncertain unknown unconfirmed unverified doubtful")
# ... and those that doubt when negated ("it is not clear whether").
CERTAINTY_ADJECTIVES = _words("clear known certain confirmed verified")

# Titles and roles stripped from names (Wikipedia MOS:HONORIFIC, common newsroom style guides).
TITLES = _words("""
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady sen sen. rep rep. gov gov.
    gen gen. col col. lt lt. capt capt. sgt sgt. maj maj. adm adm. rev rev. fr fr. st
    president vice prime minister secretary chancellor premier king queen prince princess
    emperor sheikh emir sultan pope cardinal bishop archbishop rabbi imam ayatollah
    governor mayor senator congressman congresswoman representative ambassador envoy
    general colonel major captain lieutenant commander admiral marshal sergeant chief
    spokesman spokeswoman spokesperson deputy head director chairman chairwoman chair
    ceo cfo founder leader professor judge justice attorney minister foreign defence defense
    interior finance state home first lady speaker commissioner official editor analyst
    economist researcher scientist expert adviser advisor aide correspondent reporter
    house senate former acting late incoming outgoing then current top senior
    """)
# The same without abbreviation dots, to compare with a word stripped of its own ("Gen.").
# Multi-word offices ("foreign minister") are matched word by word.
TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)

# Role nouns that name one person by office; used to resolve "the mayor" to a named person.
PERSON_ROLES = _words("""
    president leader minister premier chancellor king queen prince monarch mayor governor
    senator ambassador envoy diplomat spokesman spokeswoman spokesperson secretary general
    commander chief head director chairman chairwoman ceo professor judge pope
    prosecutor lawyer attorney official officer adviser advisor aide analyst expert economist
    researcher scientist activist lawmaker legislator politician candidate author editor
    reporter correspondent journalist witness resident doctor nurse police officer soldier
    commissioner speaker man woman boy girl father mother son daughter wife husband
    """)
# Role nouns a story uses for a person first named by a more specific title ("Secretary of
# State X ... the diplomat"); each title is the set of its words ("of" dropped). From common
# newsroom usage (AP Stylebook entries on titles of diplomats and legislators).
ROLE_CLASSES = {
    "diplomat": (
        "ambassador",
        "envoy",
        "consul",
        "foreign minister",
        "foreign secretary",
        "secretary state",
    ),
    "lawmaker": ("senator", "congressman", "congresswoman", "representative", "mp"),
    "legislator": ("senator", "congressman", "congresswoman", "representative", "mp"),
}
# Offices held by heads of state or government: "the leader" may refer back to "President X".
LEADER_ROLES = _words(
    "president leader premier chancellor king queen monarch prime minister emperor"
)

# Plural or indefinite people nouns that make a source anonymous ("an insider", "officials
# familiar with", "observers"); from Wikipedia MOS:WEASEL and AP Stylebook guidance on
# anonymous sources.
ANONYMOUS_NOUNS = _words("""
    source sources insider insiders official officials observer observers analyst analysts
    expert experts commentator commentators critic critics diplomat diplomats witness
    witnesses resident residents people person someone somebody politician politicians
    lawmaker lawmakers legislator legislators activist activists researcher researchers
    scientist scientists economist economists aide aides advisers advisors adviser advisor
    staffer staffers employee employees worker workers member members investigator
    investigators officer officers soldier soldiers person persons individual individuals
    group groups many some others insiders veterans scholars academics historians
    eyewitness eyewitnesses
    """)
# Singular nouns with the ending of a person noun (-er, -or, -ist, -ant …) that name things:
# never an unnamed speaker ("the order", "the computer"). Documents are STATEMENT_NOUNS.
THING_NOUNS = _words("""
    paper order number matter power water center centre border computer monitor sector
    factor error mirror motor poster banner chapter register filter other event incident
    accident percent content extent plant grant restaurant list weather answer offer
    charter newsletter warrant fee degree guarantee floor door indicator reactor processor
    cancer quarter cluster container layer corner
    """)
ANONYMOUS_DETERMINERS = _words(
    "a an some several many multiple various certain few other unnamed anonymous"
)

# Markers of news media (outlet name parts and generic nouns). International wire services
# and broadcasters are listed from Wikipedia's "List of news agencies".
MEDIA_MARKERS = _words("""
    media news newspaper newspapers agency press tv television radio broadcaster broadcasters
    daily times post journal tribune herald gazette telegraph chronicle observer mail
    magazine outlet outlets newswire wire reporters correspondent network channel-tv
    """)
MEDIA_OUTLETS = _words("""
    reuters afp ap bloomberg bbc cnn tass interfax ria ria-novosti kyodo yonhap anadolu nhk
    efe ansa dpa pti ani aljazeera al-jazeera politico axios nbc msnbc npr pbs abc fox
    sky itv euronews france24 dw bernama antara ptv irna isna fars mehr sana wafa
    """)
# Social platforms and their account nouns.
SOCIAL_MEDIA_MARKERS = _words("""
    telegram twitter facebook instagram tiktok youtube weibo wechat vk vkontakte whatsapp
    reddit linkedin threads bluesky mastodon truth snapchat discord
    tweet tweets post posts account channel blog blogger vlog podcast
    """)
SOCIAL_MEDIA_PLATFORMS = _words(
    "telegram twitter facebook instagram tiktok youtube weibo wechat vk vkontakte whatsapp "
    "reddit linkedin bluesky mastodon snapchat discord"
)
# Nouns of state bodies speaking for a government (ministries, armies, presidential offices).
GOVERNMENT_MARKERS = _words("""
    government ministry ministries department kremlin cabinet parliament congress senate
    administration authorities authority military army navy air force forces armed staff
    police presidency embassy consulate council state-run regime junta office
    prosecutor prosecutors court commission coast guard guard command
    """)
# Seats of power named by building ("the White House said").
GOVERNMENT_SEATS = _words(
    "kremlin white house downing elysee élysée pentagon zhongnanhai blue house quai"
)
# Collective nouns for states speaking together ("the two countries said").
COUNTRY_NOUNS = _words(
    "country countries nation nations state states neighbor neighbors neighbour neighbours sides governments powers allies"
)

# Junk lines: navigation, comment prompts and licence banners (common CMS boilerplate).
BOILERPLATE_PATTERNS = (
    r"\bleave a (reply|comment)\b",
    r"\bclick to comment\b",
    r"\bbe the first to comment\b",
    r"\byour email address will not be published\b",
    r"\brequired fields are marked\b",
    r"\ball rights reserved\b",
    r"\bcopyright\b",
    r"\blicen[cs]e (is )?not validated\b",
    r"\bsubscribe\b",
    r"\bsign up for\b",
    r"\bnewsletter\b",
    r"\bcookies?\b.*\b(accept|policy|consent)\b",
    r"\bback to top\b",
    r"\bmost popular\b",
    r"\bshare (this|on)\b",
    r"\bread more\b",
    r"\brelated (articles|posts|stories)\b",
    r"\bfollow us\b",
    r"^\s*(\u2022|\*|-|\u25cf|\u25aa)\s",
)

# Countries: name, adjective, capital - so "Moscow said" reads as a government and canonical
# names read "Russian government". General world knowledge (UN member states, largest first).
COUNTRIES = (
    ("United States", "US", "Washington"),
    ("China", "Chinese", "Beijing"),
    ("Russia", "Russian", "Moscow"),
    ("Ukraine", "Ukrainian", "Kyiv"),
    ("United Kingdom", "British", "London"),
    ("Britain", "British", "London"),
    ("France", "French", "Paris"),
    ("Germany", "German", "Berlin"),
    ("Italy", "Italian", "Rome"),
    ("Spain", "Spanish", "Madrid"),
    ("Japan", "Japanese", "Tokyo"),
    ("India", "Indian", "New Delhi"),
    ("Pakistan", "Pakistani", "Islamabad"),
    ("Iran", "Iranian", "Tehran"),
    ("Iraq", "Iraqi", "Baghdad"),
    ("Israel", "Israeli", "Jerusalem"),
    ("Turkey", "Turkish", "Ankara"),
    ("Syria", "Syrian", "Damascus"),
    ("Egypt", "Egyptian", "Cairo"),
    ("Saudi Arabia", "Saudi", "Riyadh"),
    ("Qatar", "Qatari", "Doha"),
    ("North Korea", "North Korean", "Pyongyang"),
    ("South Korea", "South Korean", "Seoul"),
    ("Taiwan", "Taiwanese", "Taipei"),
    ("Vietnam", "Vietnamese", "Hanoi"),
    ("Indonesia", "Indonesian", "Jakarta"),
    ("Philippines", "Philippine", "Manila"),
    ("Thailand", "Thai", "Bangkok"),
    ("Malaysia", "Malaysian", "Kuala Lumpur"),
    ("Singapore", "Singaporean", "Singapore"),
    ("Australia", "Australian", "Canberra"),
    ("Canada", "Canadian", "Ottawa"),
    ("Mexico", "Mexican", "Mexico City"),
    ("Brazil", "Brazilian", "Brasilia"),
    ("Argentina", "Argentine", "Buenos Aires"),
    ("Venezuela", "Venezuelan", "Caracas"),
    ("Colombia", "Colombian", "Bogota"),
    ("Cuba", "Cuban", "Havana"),
    ("Poland", "Polish", "Warsaw"),
    ("Hungary", "Hungarian", "Budapest"),
    ("Belarus", "Belarusian", "Minsk"),
    ("Georgia", "Georgian", "Tbilisi"),
    ("Armenia", "Armenian", "Yerevan"),
    ("Azerbaijan", "Azerbaijani", "Baku"),
    ("Kazakhstan", "Kazakh", "Astana"),
    ("Uzbekistan", "Uzbek", "Tashkent"),
    ("Afghanistan", "Afghan", "Kabul"),
    ("Nigeria", "Nigerian", "Abuja"),
    ("South Africa", "South African", "Pretoria"),
    ("Kenya", "Kenyan", "Nairobi"),
    ("Ethiopia", "Ethiopian", "Addis Ababa"),
    ("Sudan", "Sudanese", "Khartoum"),
    ("Libya", "Libyan", "Tripoli"),
    ("Lebanon", "Lebanese", "Beirut"),
    ("Jordan", "Jordanian", "Amman"),
    ("Greece", "Greek", "Athens"),
    ("Sweden", "Swedish", "Stockholm"),
    ("Norway", "Norwegian", "Oslo"),
    ("Finland", "Finnish", "Helsinki"),
    ("Denmark", "Danish", "Copenhagen"),
    ("Netherlands", "Dutch", "The Hague"),
    ("Belgium", "Belgian", "Brussels"),
    ("Austria", "Austrian", "Vienna"),
    ("Switzerland", "Swiss", "Bern"),
    ("Romania", "Romanian", "Bucharest"),
    ("Serbia", "Serbian", "Belgrade"),
    ("Moldova", "Moldovan", "Chisinau"),
    ("Lithuania", "Lithuanian", "Vilnius"),
    ("Latvia", "Latvian", "Riga"),
    ("Estonia", "Estonian", "Tallinn"),
    ("Ireland", "Irish", "Dublin"),
    ("Portugal", "Portuguese", "Lisbon"),
    ("New Zealand", "New Zealand", "Wellington"),
    ("Bangladesh", "Bangladeshi", "Dhaka"),
    ("Myanmar", "Myanmar", "Naypyidaw"),
    ("Yemen", "Yemeni", "Sanaa"),
)
# Each country's row by its name, case-folded ("russia" -> ("Russia", "Russian", "Moscow")).
COUNTRY_BY_NAME = {c[0].lower(): c for c in COUNTRIES}
COUNTRY_ALIASES = {
    "U.S.": "United States",
    "USA": "United States",
    "America": "United States",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
}
