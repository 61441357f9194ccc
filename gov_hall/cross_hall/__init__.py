"""County, township and village as one system (县镇村, issue 16): the catalogue of where a matter can
be done (catalogue), one case across halls with tracked hand-overs (handover) and acting for the
citizen (agents). The pure stage rules are gov_hall.rules.handover; the hall tree gov_hall.utils.halls.
"""
