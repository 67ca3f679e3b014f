/**
 * Held-out text for measuring language identification: sentences written for this fixture (not taken from any
 * detector's training data, nor from the corpus generator's vocabularies), a short one and longer ones per language,
 * on everyday topics. Keys are ISO 639-1 codes.
 */
export const HELD_OUT_SENTENCES: Record<string, string[]> = {
  en: [
    'The bakery on the corner opens at six.',
    'My sister forgot her umbrella on the train, so she walked home in the rain and caught a cold.',
    'After the meeting, the engineers agreed to postpone the release until the remaining bugs in the billing module were fixed.',
  ],
  de: [
    'Die Bäckerei an der Ecke öffnet um sechs.',
    'Meine Schwester hat ihren Regenschirm im Zug vergessen und ist im Regen nach Hause gelaufen.',
    'Nach der Besprechung einigten sich die Ingenieure darauf, die Veröffentlichung zu verschieben, bis alle Fehler behoben sind.',
  ],
  fr: [
    "La boulangerie du coin ouvre à six heures.",
    "Ma sœur a oublié son parapluie dans le train, alors elle est rentrée à pied sous la pluie.",
    "Après la réunion, les ingénieurs ont accepté de reporter la sortie jusqu'à ce que les derniers défauts soient corrigés.",
  ],
  es: [
    'La panadería de la esquina abre a las seis.',
    'Mi hermana olvidó su paraguas en el tren, así que volvió a casa caminando bajo la lluvia.',
    'Después de la reunión, los ingenieros acordaron aplazar el lanzamiento hasta que se corrigieran los errores restantes.',
  ],
  it: [
    "Il forno all'angolo apre alle sei.",
    'Mia sorella ha dimenticato l\'ombrello sul treno, così è tornata a casa a piedi sotto la pioggia.',
    'Dopo la riunione, gli ingegneri hanno deciso di rimandare il rilascio finché non fossero stati corretti gli ultimi errori.',
  ],
  pt: [
    'A padaria da esquina abre às seis horas.',
    'A minha irmã esqueceu o guarda-chuva no comboio e voltou para casa a pé debaixo de chuva.',
    'Depois da reunião, os engenheiros concordaram em adiar o lançamento até que os erros restantes fossem corrigidos.',
  ],
  nl: [
    'De bakkerij op de hoek gaat om zes uur open.',
    'Mijn zus vergat haar paraplu in de trein en liep daarom door de regen naar huis.',
    'Na de vergadering besloten de ingenieurs de uitgave uit te stellen totdat de resterende fouten waren opgelost.',
  ],
  sv: [
    'Bageriet på hörnet öppnar klockan sex.',
    'Min syster glömde sitt paraply på tåget, så hon gick hem i regnet och blev förkyld.',
    'Efter mötet kom ingenjörerna överens om att skjuta upp lanseringen tills de återstående felen var åtgärdade.',
  ],
  da: [
    'Bageren på hjørnet åbner klokken seks.',
    'Min søster glemte sin paraply i toget, så hun gik hjem i regnvejret og blev forkølet.',
    'Efter mødet blev ingeniørerne enige om at udskyde udgivelsen, indtil de resterende fejl var rettet.',
  ],
  pl: [
    'Piekarnia na rogu otwiera się o szóstej.',
    'Moja siostra zapomniała parasola w pociągu, więc wróciła do domu pieszo w deszczu.',
    'Po spotkaniu inżynierowie zgodzili się przełożyć wydanie, dopóki pozostałe błędy nie zostaną naprawione.',
  ],
  cs: [
    'Pekárna na rohu otevírá v šest hodin.',
    'Moje sestra zapomněla deštník ve vlaku, a tak šla domů pěšky v dešti.',
    'Po poradě se inženýři dohodli, že vydání odloží, dokud nebudou opraveny zbývající chyby.',
  ],
  ro: [
    'Brutăria din colț se deschide la ora șase.',
    'Sora mea și-a uitat umbrela în tren, așa că a mers acasă pe jos prin ploaie.',
    'După ședință, inginerii au fost de acord să amâne lansarea până când erorile rămase vor fi corectate.',
  ],
  ru: [
    'Пекарня на углу открывается в шесть.',
    'Моя сестра забыла зонт в поезде, поэтому пошла домой пешком под дождём.',
    'После совещания инженеры договорились отложить выпуск, пока не будут исправлены оставшиеся ошибки.',
  ],
  uk: [
    'Пекарня на розі відчиняється о шостій.',
    'Моя сестра забула парасольку в потязі, тому пішла додому пішки під дощем.',
    'Після наради інженери погодилися відкласти випуск, доки не буде виправлено решту помилок.',
  ],
  el: [
    'Ο φούρνος στη γωνία ανοίγει στις έξι.',
    'Η αδελφή μου ξέχασε την ομπρέλα της στο τρένο, γι’ αυτό γύρισε σπίτι με τα πόδια στη βροχή.',
    'Μετά τη συνάντηση, οι μηχανικοί συμφώνησαν να αναβάλουν την κυκλοφορία μέχρι να διορθωθούν τα υπόλοιπα σφάλματα.',
  ],
  tr: [
    'Köşedeki fırın saat altıda açılıyor.',
    'Kız kardeşim şemsiyesini trende unuttu, bu yüzden yağmurda eve yürüyerek döndü.',
    'Toplantıdan sonra mühendisler, kalan hatalar düzeltilene kadar sürümü ertelemeye karar verdi.',
  ],
  fi: [
    'Kulman leipomo aukeaa kuudelta.',
    'Siskoni unohti sateenvarjonsa junaan, joten hän käveli kotiin sateessa ja vilustui.',
    'Kokouksen jälkeen insinöörit sopivat, että julkaisua lykätään, kunnes jäljellä olevat virheet on korjattu.',
  ],
  hu: [
    'A sarki pékség hatkor nyit.',
    'A húgom a vonaton felejtette az esernyőjét, ezért gyalog ment haza az esőben.',
    'A megbeszélés után a mérnökök megegyeztek, hogy elhalasztják a kiadást, amíg a maradék hibákat ki nem javítják.',
  ],
  ar: [
    'يفتح المخبز الذي في الزاوية في السادسة.',
    'نسيت أختي مظلتها في القطار، فعادت إلى البيت مشيًا تحت المطر.',
    'بعد الاجتماع اتفق المهندسون على تأجيل الإصدار حتى يتم إصلاح الأخطاء المتبقية في وحدة الفواتير.',
  ],
  he: [
    'המאפייה בפינה נפתחת בשש.',
    'אחותי שכחה את המטרייה שלה ברכבת, ולכן הלכה הביתה ברגל בגשם.',
    'אחרי הישיבה הסכימו המהנדסים לדחות את ההשקה עד שיתוקנו כל התקלות שנותרו.',
  ],
  hi: [
    'कोने वाली बेकरी छह बजे खुलती है।',
    'मेरी बहन अपना छाता ट्रेन में भूल गई, इसलिए वह बारिश में पैदल घर लौटी।',
    'बैठक के बाद इंजीनियरों ने तय किया कि बाकी गलतियाँ ठीक होने तक रिलीज़ को टाल दिया जाए।',
  ],
  zh: [
    '街角的面包店六点开门。',
    '我妹妹把雨伞忘在火车上了，所以她冒着雨走回家，结果感冒了。',
    '会议结束后，工程师们同意推迟发布，直到计费模块中剩下的错误全部修复为止。',
  ],
  ja: [
    '角のパン屋は六時に開きます。',
    '妹は電車に傘を忘れたので、雨の中を歩いて家に帰り、風邪をひいてしまった。',
    '会議の後、エンジニアたちは残りの不具合が修正されるまでリリースを延期することに合意した。',
  ],
  ko: [
    '모퉁이에 있는 빵집은 여섯 시에 문을 엽니다.',
    '여동생이 기차에 우산을 두고 내려서 비를 맞으며 집까지 걸어갔다.',
    '회의가 끝난 뒤 엔지니어들은 남은 오류가 모두 고쳐질 때까지 출시를 미루기로 했다.',
  ],
  th: [
    'ร้านขนมปังตรงหัวมุมเปิดตอนหกโมง',
    'น้องสาวของฉันลืมร่มไว้บนรถไฟ เธอจึงเดินกลับบ้านท่ามกลางสายฝน',
    'หลังการประชุม วิศวกรตกลงกันว่าจะเลื่อนการเปิดตัวออกไปจนกว่าข้อผิดพลาดที่เหลือจะได้รับการแก้ไข',
  ],
  vi: [
    'Tiệm bánh ở góc phố mở cửa lúc sáu giờ.',
    'Em gái tôi để quên ô trên tàu, nên cô ấy phải đi bộ về nhà dưới mưa.',
    'Sau cuộc họp, các kỹ sư đồng ý hoãn việc phát hành cho đến khi các lỗi còn lại được sửa xong.',
  ],
  id: [
    'Toko roti di sudut jalan buka jam enam.',
    'Adik saya lupa payungnya di kereta, jadi dia berjalan pulang di tengah hujan.',
    'Setelah rapat, para insinyur sepakat menunda peluncuran sampai semua kesalahan yang tersisa diperbaiki.',
  ],
};

/** Text that is in no natural language: an identifier should answer `und`, not a guess. */
export const NO_LANGUAGE_SAMPLES = [
  'x = a + b * c',
  'E = mc^2',
  'f(x) = 3x^2 - 2x + 1',
  'for (let i = 0; i < n; i++) sum += a[i];',
  'SELECT id, name FROM users WHERE id = 42;',
  'npm install --save-exact zod@4.6.7',
  '12345 67890 24680 13579',
  '3.14159 2.71828 1.41421',
  '#ff8800 #00aaff #123456',
  '∑ a_i ≤ n · max(a)',
  'ls -la /var/log | grep err',
  'v1.2.3 → v1.3.0',
];
