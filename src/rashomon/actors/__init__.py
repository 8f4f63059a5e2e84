"""The actors stage: who is who in one article (the ``rashomon_actors`` component).

The component groups every reference to an actor into one canonical actor per article and
registers each reference as a mention in the article's :class:`ActorTable`:

1. **Names.** Knowledge-base phrases (countries, adjectives, capitals and seats of power,
   organisations, groups, persons) and the model's named entities (PERSON, ORG, GPE, NORP,
   FAC, LOC). A knowledge-base person inside a longer entity wins ("the Russian Federation
   Sergey Lavrov" is Lavrov), and a surname the article uses for a person is a person whatever
   label the model gave it ("Lavrov" as ORG).
2. **Persons** are grouped by family name: "Lavrov", "Mr. Lavrov", "Lavrov's" and "Sergei
   Lavrov" are "Sergey Lavrov"; family-name-first names resolve by their first part ("Xi" is
   Xi Jinping, "Kim" is Kim Jong Un).
3. **Roles learned from the text**: pre-nominal titles ("Russian Foreign Minister Sergey
   Lavrov"), appositions ("Lavrov, Russia's top diplomat,") and possessives ("Russia's foreign
   minister Sergei Lavrov"), kept with the article's date in ``table.learned_roles``.
4. **Titles without names** ("the Russian foreign minister", "the Secretary General") resolve
   to the person of the article holding a matching title; collective nouns with a country
   ("Fijian rebels", "the Sudanese government") become group actors or the country's
   government.
5. **Pronouns** used as subjects ("he said") resolve to the most recent compatible person,
   preferring persons in subject position.

Countries acting ("Russia blocked a resolution"), their capitals and seats of power ("Moscow",
"the Kremlin") are one actor per country: its government (sector GOV).

The component writes ``doc._.rashomon_actors``, an :class:`~rashomon.nlp.actor_table.ActorTable`
(declared in ``nlp/``, like every ``Doc`` attribute), that the statements and events stages
query; they never import this package.

| module | holds |
|---|---|
| ``component`` | the component, its factory, and the order of the steps below |
| ``mentions`` | 1: names from the knowledge base (``PhraseIndex``) and the model's entities |
| ``persons`` | 2: persons grouped by family name within the article |
| ``titles`` | 3, 4: roles learned from the text; titles without names; collective nouns |
| ``places`` | countries of actors, capitals and seats of power, nationality words |
| ``pronouns`` | 5: genders, and the persons pronouns stand for |
| ``state`` | what one article's resolution keeps while it runs (each step is a layer over it) |
| ``common`` | word lists, small records and span helpers the steps share |
| ``name_variants`` | spelling variants of a family name the article names in full |

The knowledge base the component reads (countries, organisations, persons, titles, user
dictionaries) is ``rashomon.kb``.
"""
