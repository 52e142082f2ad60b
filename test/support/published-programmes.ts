/**
 * Programmes written the way Swedish library and municipal conference programmes are published, as a
 * coordinator would copy them from the web page or the PDF: for the pasted-programme reader's tests.
 */

/** A regional library day from a web page: times on their own line, speaker and description as paragraphs. */
export const regionalLibraryDay = `Regional biblioteksdag 2027 – Läsning i förändring

Torsdag 16 september 2027, Jamtli, Östersund. Dagen vänder sig till personal på länets folk- och skolbibliotek.

09.00–09.30
Registrering och kaffe

09.30–09.45
Välkomna!

Anna Andersson, regionbibliotekschef, Region Jämtland Härjedalen.

09.45–10.45
Läsfrämjande i en digital tid

Lotta Olsson, utredare, Läsrörelsen.

Hur ser läsningen ut bland barn och unga i dag, och vad betyder det för bibliotekens arbete? Lotta Olsson presenterar resultaten från den nationella läsvaneundersökningen och ger exempel på hur bibliotek i glesbygd har nått nya läsare genom samarbete med skolor, fritidsgårdar och föreningar. Föreläsningen följs av frågor från publiken.

Läs mer: https://example.org/lasrorelsen

10.45–11.00 Bensträckare

11.00–12.00
Panelsamtal: Bibliotekens roll i lokalsamhället

Moderator: Maria Berg, bibliotekarie, Östersunds bibliotek.

Medverkande: Per Olsson, Lisa Berg och Ali Hassan.

12.00–13.00 Lunch

Lunch serveras i Jamtlis restaurang.

13.00–14.30
Workshoppar

Välj ett av tre spår:
Spår 1: MIK i skolbiblioteket
Spår 2: Digitala verktyg för läsfrämjande
Spår 3: Meröppet – erfarenheter från Krokom

14.30–15.00 Eftermiddagsfika

15.00–15.30
Avslutning och sammanfattning
Anna Andersson, regionbibliotekschef, Region Jämtland Härjedalen.
`;

/** A county "Biblioteksdag" copied from a PDF: lines cut by the column, a hyphenated word, part-of-day headings. */
export const countyLibraryDayPdf = `BIBLIOTEKSDAG I JÄMTLANDS LÄN
17 september 2027

Förmiddag

09.30–10.00 Välkommen och inledning
Karin Samordnare, utvecklare, Regionbibliotek
Jämtland Härjedalen

10.00–11.00 Skolbibliotekets uppdrag i en ny
läroplan
Anna-Stina Takala, handläggare, KB
Under förmiddagen presenteras resultaten från den
regionala enkäten om skolbibliotekens förutsättningar
och vad de betyder för samarbetet mellan skol- och folk-
bibliotek i länets åtta kommuner.

11.00–11.15 Paus

11.15–12.00 Erfarenheter från Bräcke och
Ragunda
Eva Lind och Olof Nilsson, bibliotekarier, Bräcke
kommun

Eftermiddag

13.00–14.30 Workshop: ett regionalt MIK-kit
Vi planerar kitet tillsammans i grupper.
Underlag https://example.org/mik-kit
14.30–15.00 Fika
15.00–15.30 Summering
`;

/** A MIK seminar with a panel: a conversation leader, a panel listed under its label, one speaker in brackets. */
export const mikSeminar = `MIK-seminarium: Källkritik i en tid av AI

13.00 Inledning
Maria Berg, samordnare för MIK, Region Jämtland Härjedalen

13.15 Vad är AI-genererat innehåll – och hur känner vi igen det?
Föreläsning med Johan Ek, lektor i medie- och kommunikationsvetenskap, Mittuniversitetet. Johan går igenom hur generativ AI fungerar, vilka spår den lämnar och vilka verktyg som finns för att granska bilder och texter.

14.00 Kaffe

14.20 Panelsamtal: Hur pratar vi med unga om AI?
Samtalsledare: Sara Holm, journalist
I panelen:
Ahmed Yusuf, skolbibliotekarie, Brunnsskolan
Lena Ström (Ungdomens hus)
Per-Erik Åkesson, IT-pedagog, Krokoms kommun

15.15 Avslutning
`;

/** A municipal half-day: "kl." times, whole hours without minutes, Fika. */
export const halfDayWithKl = `Program

kl. 13 Välkomna och presentationsrunda

kl. 13.15 Så arbetar Bergs bibliotek med sommarboken
Karin Ek, barnbibliotekarie i Berg

kl. 14 Fika

kl. 14.20 Gruppdiskussion om höstens gemensamma aktiviteter

kl. 15.30 Vi avslutar dagen
`;

/** The same kind of day published in English: am/pm times, a chair, speakers in brackets, panellists. */
export const englishDay = `Digital inclusion day – programme

9.30 am – 10.00 am Registration and coffee

10.00 am Welcome
Jane Smith, Head of Libraries, Leeds City Council

10.15 am – 11.00 am Keynote: Libraries and democracy
Speakers: Tom Brown (University of Leeds) and Amy Lee (Good Things Foundation)
How can public libraries help people who are offline take part in public life? A talk about what works.

11.00 am Coffee break

11.15 am Panel discussion: Digital help desks
Chair: Raj Patel, librarian, Bradford Libraries
Panellists: Sue Green, Mark White and Nia Jones

12.30 pm Lunch
`;
