/**
 * Common words per language. Documents are random sentences over these, so two generated documents share almost no
 * word 5-grams (only planted duplicates are similar), while the character statistics stay those of the language.
 */
export const VOCABULARY = {
  en: `the of and to in is that it was for on are with as his they be at one have this from or had by word but what
    some we can out other were all there when up use your how said an each she which do their time if will way about
    many then them write would like so these her long make thing see him two has look more day could go come did number
    sound most people over know water than call first who may down side been now find any new work part take get place
    made live where after back little only round man year came show every good give our under name very through just
    form sentence great think say help low line differ turn cause much mean before move right boy old too same tell does
    set three want air well also play small end put home read hand port large spell add even land here must big high
    such follow act why ask men change went light kind off need house picture try again animal point mother world near
    build self earth father head stand own page should country found answer school grow study still learn plant cover
    food sun four between state keep eye never last let thought city tree cross farm hard start might story saw far sea
    draw left late run while press close night real life few north open seem together next white children begin got walk
    example ease paper group always music those both mark often letter until mile river car feet care second book carry`,
  de: `der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass
    sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch man
    sein wurde sei prozent hatte kann gegen vom können schon wenn habe seine mark ihre dann unter wir soll ich eines jahr
    zwei jahren diese dieser wieder keine seiner worden will zwischen immer millionen was sagte gibt alle seit muss doch
    jetzt drei neue damit bereits da ab ihr ihren neuen sagt seinen wenig worden gut heute kommen stadt welt leben land
    zeit haus kinder frau mann arbeit geschichte schule wasser straße wetter abend morgen woche freunde familie garten
    wald fluss berg bahnhof zeitung buch sprache frage antwort beispiel gesellschaft regierung wirtschaft entwicklung
    möglich wichtig schnell langsam schön groß klein alt jung lang kurz hoch tief stark schwach genau natürlich wirklich
    zusammen später früher oft manchmal selten überall nirgends darüber deshalb trotzdem während nachdem obwohl weil`,
  fr: `le de un être et à il avoir ne je son que se qui ce dans en du elle au pour pas que vous par sur faire plus dire me
    on mon lui nous comme mais pouvoir avec tout y aller voir en bien où sans tu ou leur homme si deux mari moi vouloir
    te femme venir quand grand celui si notre devoir là jour prendre même votre tout rien encore petit aussi quelque
    dont tout mer trouver donner temps ça peu même falloir sous parler alors main chose ton mettre vie savoir yeux passer
    autre après regarder toujours puis jamais cela aimer non heure croire cent monde donc enfant fois seul autre entre
    vers chez demander jeune jusque très moment rester répondre tout tête père fille mille premier car entendre ni
    bon trois cœur ainsi an quatre un terre contre dieu monsieur voix penser quel arriver maison devant coup beau
    connaître devenir air mot nuit sentir vieux sembler mort ville pays travail histoire école eau rue soir matin semaine
    famille jardin forêt rivière montagne gare journal livre langue question réponse exemple société gouvernement`,
  es: `el la de que y a en un ser se no haber por con su para como estar tener le lo todo pero más hacer o poder decir
    este ir otro ese la si me ya ver porque dar cuando él muy sin vez mucho saber qué sobre mi alguno mismo yo también
    hasta año dos querer entre así primero desde grande eso ni nos llegar pasar tiempo ella sí día uno bien poco deber
    entonces poner cosa tanto hombre parecer nuestro tan donde ahora parte después vida quedar siempre creer hablar
    llevar dejar nada cada seguir menos nuevo encontrar algo solo decir estos trabajar mundo casa país ciudad historia
    escuela agua calle noche mañana semana familia jardín bosque río montaña estación periódico libro lengua pregunta
    respuesta ejemplo sociedad gobierno economía desarrollo posible importante rápido lento hermoso pequeño viejo joven
    largo corto alto profundo fuerte débil exacto natural realmente juntos luego antes menudo veces raramente aquí allí`,
  it: `il di che e la a per un in essere non avere con del questo da una si come io più ma lo anche se fare dire loro
    tutto cosa potere quello me ci sono volere perché molto bene tempo stesso ancora dove poi quando dovere casa andare
    anno uomo giorno vedere qui mondo venire due sapere vita parte ora prima solo dopo altro grande nuovo trovare
    sempre pensare donna parlare città paese storia scuola acqua strada sera mattina settimana famiglia giardino bosco
    fiume montagna stazione giornale libro lingua domanda risposta esempio società governo economia sviluppo possibile
    importante veloce lento bello piccolo vecchio giovane lungo corto alto profondo forte debole esatto naturale
    davvero insieme presto spesso qualche volta raramente ovunque quindi tuttavia mentre sebbene perciò lavoro amico`,
} as const;

export type GeneratedLanguage = keyof typeof VOCABULARY;
export const LANGUAGES = Object.keys(VOCABULARY) as GeneratedLanguage[];

export const WORDS: Record<GeneratedLanguage, string[]> = Object.fromEntries(
  LANGUAGES.map((language) => [language, VOCABULARY[language].split(/\s+/).filter(Boolean)]),
) as Record<GeneratedLanguage, string[]>;
